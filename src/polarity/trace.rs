//! Following each Tx lane from the near module, through every element, to the
//! far module, and saying where it lands.

use serde::Serialize;

use super::geometry::{Frame, Pos};
use crate::catalog::Transceiver;
use crate::model::{AdapterKeys, Element, PolarityType};

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
    /// On a position that only transmits.
    Tx,
    /// On a position no lane uses.
    Unused,
    /// Lost inside the channel: at this path element (the path's length means the far port).
    Lost(usize),
}

/// Traces every lane of the transceiver's lane map through `path`.
/// The path must be well formed (cables joined by adapters or splices).
pub fn trace_lanes(t: &Transceiver, path: &[Element]) -> Vec<LaneTrace> {
    let module = Frame::of(t.mpo_fibers);
    t.lanes
        .iter()
        .enumerate()
        .map(|(n, lane)| {
            let landing_pos = follow(module, path, module.pos(lane.tx));
            let far_position = landing_pos.ok().map(|p| module.number(p));
            let landing = match landing_pos {
                Err(at) => Landing::Lost(at),
                Ok(p) => classify(t, module.number(p), lane.rx),
            };
            LaneTrace {
                lane: u8::try_from(n + 1).unwrap_or(u8::MAX),
                tx_position: lane.tx,
                far_position,
                rx_position: lane.rx,
                ok: landing == Landing::Right,
                landing,
            }
        })
        .collect()
}

fn classify(t: &Transceiver, far: u8, wanted_rx: u8) -> Landing {
    if far == wanted_rx {
        return Landing::Right;
    }
    // A transmitter there first: on bidirectional optics a position both
    // transmits and receives, and light meeting a transmitter is Tx on Tx.
    if t.lanes.iter().any(|l| l.tx == far) {
        return Landing::Tx;
    }
    match t.lanes.iter().position(|l| l.rx == far) {
        Some(k) => Landing::OtherRx(u8::try_from(k + 1).unwrap_or(u8::MAX)),
        None => Landing::Unused,
    }
}

/// The far module position a near module position reaches, or the element
/// where the light is lost.
fn follow(module: Frame, path: &[Element], start: Pos) -> Result<Pos, usize> {
    // Into the near port: the plug faces the module.
    let mut frame = module;
    let mut p = module.h(start);
    for (i, element) in path.iter().enumerate() {
        match element {
            Element::Cable(c) => {
                let cable = Frame::of(c.fibers);
                if !cable.lines_up_with(frame) || !cable.has_fiber(p) {
                    return Err(i);
                }
                frame = cable;
                p = match c.polarity {
                    PolarityType::A => p,
                    PolarityType::B => frame.v(frame.h(p)),
                    PolarityType::C => frame.pair_swap(p),
                };
            }
            Element::Adapter(a) => {
                p = match a.keys {
                    AdapterKeys::UpDown => frame.v(p),
                    AdapterKeys::UpUp => frame.h(p),
                };
            }
            Element::Splice(_) => {}
        }
    }
    if !module.lines_up_with(frame) {
        return Err(path.len());
    }
    // Out of the far port into the far module.
    Ok(module.h(p))
}
