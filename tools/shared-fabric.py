#!/usr/bin/env python3
"""Write a format-2 design of LINKS links over shared trunks (issue 18's
hyperscale check): LINKS / 20 trunks of 24 legs between panel pairs, 20
100GBASE-SR4 links through each (cord, panel port, trunk leg, panel port,
cord), laid out as mpo-budget writes designs.

Usage: shared-fabric.py LINKS OUT.ron
"""
import sys


def main():
    links, out = int(sys.argv[1]), sys.argv[2]
    trunks = max(1, links // 20)
    cord = ('Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, '
            'ends: (Female, Female), grade: "mtp-elite")')
    with open(out, "w") as f:
        f.write("// mpo-budget design file\nDesign(\n    format: 2,\n")
        f.write(f'    name: "AI fabric, {links} links over {trunks} shared trunks",\n    trunks: [\n')
        for t in range(trunks):
            f.write(f'        Trunk(id: "T{t}", from: "A{t}", to: "B{t}", length_m: {30 + t % 50}.0, legs: 24, '
                    f'fibers: 12, polarity: B, ends: (Male, Male), grade: "mtp-elite"),\n')
        f.write("    ],\n    panels: [\n")
        for t in range(trunks):
            f.write(f'        Panel(id: "A{t}", ports: 24, keys: UpUp),\n')
            f.write(f'        Panel(id: "B{t}", ports: 24, keys: UpUp),\n')
        f.write("    ],\n    links: [\n")
        for n in range(links):
            t, leg = n // 20, 1 + n % 20
            f.write(f'        Link(\n            id: "L{n}",\n            transceiver: "100GBASE-SR4",\n'
                    f'            fiber: "OM4",\n            path: [\n'
                    f'                {cord},\n'
                    f'                PanelPort(panel: "A{t}", port: {leg}),\n'
                    f'                TrunkLeg(trunk: "T{t}", leg: {leg}),\n'
                    f'                PanelPort(panel: "B{t}", port: {leg}),\n'
                    f'                {cord},\n            ],\n        ),\n')
        f.write("    ],\n)\n")


if __name__ == "__main__":
    main()
