//! The `polarity` command's text (its JSON is the [`PolarityDesignReport`] itself).

use std::fmt::Write as _;

use super::records::PolarityDesignReport;
use super::text::problem_lines;

/// Each link's lanes, near Tx to far position, with its problems and fix.
pub fn text(r: &PolarityDesignReport) -> String {
    let mut s = String::new();
    let right = r.links.iter().filter(|l| l.ok).count();
    let _ = writeln!(s, "Design: {}", r.design);
    let _ = writeln!(
        s,
        "{right} of {} links have right polarity and mates",
        r.links.len()
    );
    for l in &r.links {
        let _ = writeln!(
            s,
            "\n{} ({}): {}",
            l.id,
            l.transceiver,
            if l.ok { "OK" } else { "WRONG" }
        );
        if l.legs.is_empty() {
            lane_lines(&mut s, &l.lanes);
        } else {
            // Each leg traced on its own: the near port's lanes of that leg
            // to the leg's module.
            for g in &l.legs {
                let _ = writeln!(s, "  leg {}: {}", g.id, if g.ok { "OK" } else { "WRONG" });
                lane_lines(&mut s, &g.lanes);
            }
        }
        problem_lines(&mut s, &l.problems, l.fix.as_ref());
        if l.fix.is_none() && !l.ok {
            let _ = writeln!(
                s,
                "    no polarity or gender change fixes this link (see the problems above)"
            );
        }
    }
    s
}

fn lane_lines(s: &mut String, lanes: &[crate::analysis::polarity::LaneTrace]) {
    for lane in lanes {
        let far = lane
            .far_position
            .map_or_else(|| "lost".to_owned(), |p| p.to_string());
        let _ = writeln!(
            s,
            "    lane {:>2}: near Tx {:>2} -> far {:>4}  (its Rx: {:>2})  {}",
            lane.lane,
            lane.tx_position,
            far,
            lane.rx_position,
            if lane.ok { "ok" } else { "WRONG" }
        );
    }
}
