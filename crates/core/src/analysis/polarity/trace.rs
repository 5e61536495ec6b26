//! Following each Tx lane from the near module, through every element, to the
//! far module, and saying where it lands.

use serde::Serialize;

use super::geometry::{Frame, Pos};
use crate::catalog::{CassetteKind, HarnessKind, Port, PortConnector};
use crate::model::{AdapterKeys, DuplexPolarity, Element, PolarityType};

/// Where one near Tx lane ends up.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LaneTrace {
    /// 1-based lane number of the transceiver's lane map.
    pub lane: u8,
    /// The near module position that transmits the lane.
    pub tx_position: u8,
    /// The far module position the light reaches; `None` where it is lost.
    pub far_position: Option<u8>,
    /// The far module position that should receive it.
    pub rx_position: u8,
    pub ok: bool,
    #[serde(skip)]
    pub landing: Landing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Landing {
    Right,
    /// On the Rx of another lane (1-based).
    OtherRx(u8),
    /// On a position that transmits.
    Tx,
    /// On a position no lane uses.
    Unused,
    /// Lost inside the channel: at this path element (the path's length means the far port).
    Lost(usize),
    /// Through a cassette to another front port than the path's.
    WrongPort {
        element: usize,
        port: u8,
    },
    /// Out of a harness on another leg (1-based) than this leg's.
    WrongLeg {
        element: usize,
        leg: u8,
    },
}

/// What a channel runs between: the near module's port, the far module's
/// port, and, where the channel is one leg of a link, its harness.
#[derive(Debug, Clone, Copy)]
pub struct Ends<'a> {
    pub near: &'a Port,
    pub far: &'a Port,
    /// The harness and the leg (1-based) this channel continues on.
    pub harness: Option<(&'a HarnessKind, u8)>,
}

impl<'a> Ends<'a> {
    /// The near lanes this channel carries, each with the far lane (0-based)
    /// that should receive it: every lane on a plain link; on a leg, the
    /// lanes of the near port's breakout group of that leg, in order.
    /// Walked, not gathered: every link's check asks.
    pub fn lanes(self) -> impl Iterator<Item = (usize, Option<usize>)> + 'a {
        let near = self.near;
        // The leg's group; `None` where every lane is carried.
        let group: Option<&'a [u8]> = self.harness.and_then(|(_, leg)| {
            match near.breakout.get(usize::from(leg).wrapping_sub(1)) {
                Some(group) => Some(group.as_slice()),
                None if near.breakout.is_empty() => None,
                None => Some(&[]),
            }
        });
        let all = if group.is_none() { near.lanes.len() } else { 0 };
        (0..all).map(|n| (n, Some(n))).chain(
            group
                .unwrap_or_default()
                .iter()
                .enumerate()
                .map(|(j, &lane)| (usize::from(lane).saturating_sub(1), Some(j))),
        )
    }
}

/// Traces every lane the channel carries from the near port through `path`
/// to the far port. `cassettes` holds each path element's cassette kind (for
/// the others, `None`). The path must be well formed (cables joined by
/// adapters, splices or cassettes). Lazily: a caller that wants only whether
/// every lane lands right stops at the first that does not.
pub fn trace_lanes<'a>(
    ends: Ends<'a>,
    path: &'a [Element],
    cassettes: &'a [Option<&'a CassetteKind>],
) -> impl Iterator<Item = LaneTrace> + 'a {
    let module = Frame::of_port(ends.near);
    let far_module = Frame::of_port(ends.far);
    let composed = (module == far_module)
        .then(|| compose(module, path))
        .flatten();
    ends.lanes().filter_map(move |(n, wanted)| {
        let lane = ends.near.lanes.get(n)?;
        let start = module.pos(lane.tx);
        let landing_pos = match composed {
            Some(map) => Ok(map.apply(module, start)),
            None => follow(module, far_module, path, cassettes, ends.harness, start),
        };
        let far_position = landing_pos.ok().map(|p| far_module.number(p));
        let wanted_rx = wanted
            .and_then(|j| ends.far.lanes.get(j))
            .map_or(0, |l| l.rx);
        let landing = match landing_pos {
            Err(lost) => lost,
            Ok(p) => classify(ends.far, far_module.number(p), wanted_rx),
        };
        Some(LaneTrace {
            lane: u8::try_from(n + 1).unwrap_or(u8::MAX),
            tx_position: lane.tx,
            far_position,
            rx_position: wanted_rx,
            ok: landing == Landing::Right,
            landing,
        })
    })
}

fn classify(far: &Port, at: u8, wanted_rx: u8) -> Landing {
    if at == wanted_rx {
        return Landing::Right;
    }
    // A transmitter there first: on bidirectional optics a position both
    // transmits and receives, and light meeting a transmitter is Tx on Tx.
    if far.lanes.iter().any(|l| l.tx == at) {
        return Landing::Tx;
    }
    match far.lanes.iter().position(|l| l.rx == at) {
        Some(k) => Landing::OtherRx(u8::try_from(k + 1).unwrap_or(u8::MAX)),
        None => Landing::Unused,
    }
}

/// The whole channel as one map, where every element keeps the module's
/// frame and loses no fiber: H, V and the pair swap commute and undo
/// themselves, so the path reduces to which of the three it applies an odd
/// number of times (the two ports' H cancel). `None` where a lane must be
/// followed element by element.
#[derive(Debug, Clone, Copy)]
struct Composed {
    h: bool,
    v: bool,
    swap: bool,
}

impl Composed {
    fn apply(self, frame: Frame, mut p: Pos) -> Pos {
        if self.h {
            p = frame.h(p);
        }
        if self.v {
            p = frame.v(p);
        }
        if self.swap {
            p = frame.pair_swap(p);
        }
        p
    }
}

fn compose(module: Frame, path: &[Element]) -> Option<Composed> {
    let mut m = Composed {
        h: false,
        v: false,
        swap: false,
    };
    for e in path {
        match e {
            Element::Cable(c) => {
                if Frame::of(c.fibers) != module {
                    return None; // Base-8 gaps or another layout: follow each lane
                }
                match c.polarity {
                    PolarityType::A => {}
                    PolarityType::B => {
                        m.h = !m.h;
                        m.v = !m.v;
                    }
                    PolarityType::C => m.swap = !m.swap,
                }
            }
            Element::Adapter(_) if module.is_duplex() => m.h = !m.h,
            Element::Adapter(a) => match a.keys {
                AdapterKeys::UpDown => m.v = !m.v,
                AdapterKeys::UpUp => m.h = !m.h,
            },
            Element::Splice(_) => {}
            // Shared references are expanded before any trace (`Infra::expand`).
            Element::LcCord(_)
            | Element::Cassette(_)
            | Element::Harness(_)
            | Element::TrunkLeg(_)
            | Element::PanelPort(_)
            | Element::CassettePort(_) => return None,
        }
    }
    Some(m)
}

fn keys(frame: Frame, keys: AdapterKeys, p: Pos) -> Pos {
    match keys {
        AdapterKeys::UpDown => frame.v(p),
        AdapterKeys::UpUp => frame.h(p),
    }
}

/// The far module position a near module position reaches, or where the
/// light goes astray.
fn follow(
    module: Frame,
    far_module: Frame,
    path: &[Element],
    cassettes: &[Option<&CassetteKind>],
    harness: Option<(&HarnessKind, u8)>,
    start: Pos,
) -> Result<Pos, Landing> {
    // Into the near port: the plug faces the module.
    let mut frame = module;
    let mut p = module.h(start);
    for (i, element) in path.iter().enumerate() {
        match element {
            Element::Cable(c) => {
                let cable = Frame::of(c.fibers);
                if !cable.lines_up_with(frame) || !cable.has_fiber(p) {
                    return Err(Landing::Lost(i));
                }
                frame = cable;
                p = match c.polarity {
                    PolarityType::A => p,
                    PolarityType::B => frame.v(frame.h(p)),
                    PolarityType::C => frame.pair_swap(p),
                };
            }
            Element::LcCord(c) => {
                if !frame.is_duplex() {
                    return Err(Landing::Lost(i));
                }
                if c.polarity == DuplexPolarity::AtoB {
                    p = frame.h(p);
                }
            }
            // Duplex LC adapters meet A to B, like plugs face to face.
            Element::Adapter(_) if frame.is_duplex() => p = frame.h(p),
            Element::Adapter(a) => p = keys(frame, a.keys, p),
            Element::Splice(_) => {}
            Element::Harness(_) => (frame, p) = through_harness(i, frame, p, harness)?,
            Element::TrunkLeg(_) | Element::PanelPort(_) | Element::CassettePort(_) => {
                return Err(Landing::Lost(i));
            }
            Element::Cassette(c) => {
                let Some(kind) = cassettes.get(i).copied().flatten() else {
                    return Err(Landing::Lost(i));
                };
                let rear = Frame::of(kind.mpo_fibers);
                if frame.is_duplex() {
                    // In at the front: the cord plug meets the cassette's LC face to face,
                    // the fan-out takes it to the rear MPO, which meets the trunk plug.
                    let j = frame.h(p).col;
                    let Some(map) = kind.ports.get(usize::from(c.port).saturating_sub(1)) else {
                        return Err(Landing::Lost(i));
                    };
                    let q = if j == 1 { map.a } else { map.b };
                    frame = rear;
                    p = keys(rear, kind.rear_keys, rear.pos(q));
                } else {
                    // In at the rear: the trunk plug meets the cassette's MPO, the fan-out
                    // takes it to a front port, whose LC meets the cord plug face to face.
                    if !rear.lines_up_with(frame) {
                        return Err(Landing::Lost(i));
                    }
                    let q = rear.number(keys(rear, kind.rear_keys, p));
                    let Some((port, side)) = kind.ports.iter().enumerate().find_map(|(n, m)| {
                        (m.a == q)
                            .then_some((n, 1))
                            .or_else(|| (m.b == q).then_some((n, 2)))
                    }) else {
                        return Err(Landing::Lost(i));
                    };
                    let port = u8::try_from(port + 1).unwrap_or(u8::MAX);
                    if port != c.port {
                        return Err(Landing::WrongPort { element: i, port });
                    }
                    frame = Frame::duplex();
                    p = frame.h(Pos { row: 0, col: side });
                }
            }
        }
    }
    if !far_module.lines_up_with(frame) {
        return Err(Landing::Lost(path.len()));
    }
    // Out of the far port into the far module.
    Ok(far_module.h(p))
}

/// Through a harness: in at its MPO plug (`p` in the plug's end-face view),
/// out at the leg position its map gives, in that leg plug's end-face view.
fn through_harness(
    i: usize,
    frame: Frame,
    p: Pos,
    harness: Option<(&HarnessKind, u8)>,
) -> Result<(Frame, Pos), Landing> {
    let Some((kind, wanted)) = harness else {
        return Err(Landing::Lost(i));
    };
    let mpo = Frame::of(kind.mpo_fibers);
    if !mpo.lines_up_with(frame) {
        return Err(Landing::Lost(i));
    }
    let q = mpo.number(p);
    let Some((leg, x)) = kind
        .legs
        .iter()
        .enumerate()
        .find_map(|(l, leg)| leg.positions.iter().position(|&m| m == q).map(|x| (l, x)))
    else {
        return Err(Landing::Lost(i));
    };
    let leg_number = u8::try_from(leg + 1).unwrap_or(u8::MAX);
    if leg_number != wanted {
        return Err(Landing::WrongLeg {
            element: i,
            leg: leg_number,
        });
    }
    let out = match (kind.legs[leg].connector, kind.legs[leg].mpo_fibers) {
        (PortConnector::LcDuplex, _) | (PortConnector::Mpo, None) => Frame::duplex(),
        (PortConnector::Mpo, Some(f)) => Frame::of(f),
    };
    let x = u8::try_from(x + 1).unwrap_or(u8::MAX);
    Ok((out, out.pos(x)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::model::Splice;

    /// The composed map and the element-by-element walk agree on every lane,
    /// for every transceiver and many mixes of polarity types and adapter keys.
    #[test]
    fn the_composed_map_equals_following_each_element() {
        let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
        let design = crate::model::synthetic::synthetic_design(&c, 400, 99);
        let mut x: u64 = 7;
        let mut next = || {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) as usize
        };
        let mut checked = 0;
        for link in &design.links {
            let Some(t) = c
                .find_transceiver(&link.transceiver)
                .map(|t| c.transceiver(t))
            else {
                continue;
            };
            let mut path = link.path.clone();
            for e in &mut path {
                match e {
                    Element::Cable(cable) => {
                        cable.polarity =
                            [PolarityType::A, PolarityType::B, PolarityType::C][next() % 3]
                    }
                    Element::Adapter(a) => {
                        a.keys = [AdapterKeys::UpDown, AdapterKeys::UpUp][next() % 2]
                    }
                    _ => {}
                }
            }
            // Some paths also get a spliced-on copy of their first cable.
            if next() % 2 == 0 {
                let first = path[0].clone();
                path.insert(1, Element::Splice(Splice::default()));
                path.insert(2, first);
            }
            let module = Frame::of_port(&t.ports[0]);
            let Some(map) = compose(module, &path) else {
                continue;
            };
            for lane in &t.lanes {
                let start = module.pos(lane.tx);
                assert_eq!(
                    Ok(map.apply(module, start)),
                    follow(module, module, &path, &[], None, start),
                    "{} lane {}",
                    link.id,
                    lane.tx
                );
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked}");
    }
}
