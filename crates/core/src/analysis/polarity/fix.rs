//! The fix: the smallest change that makes a link's polarity and genders
//! right, found by trying candidate changes against the same trace.

use serde::Serialize;

use super::mates::gender_faults;
use super::trace::{Ends, trace_lanes};
use crate::catalog::CassetteKind;
use crate::model::{AdapterKeys, CableRole, DuplexPolarity, Element, Gender, Link, PolarityType};

/// One change to one element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Polarity {
        element: usize,
        to: PolarityType,
    },
    Duplex {
        element: usize,
        to: DuplexPolarity,
    },
    Port {
        element: usize,
        to: u8,
    },
    Keys {
        element: usize,
        to: AdapterKeys,
    },
    End {
        element: usize,
        near: bool,
        to: Gender,
    },
}

impl Change {
    pub fn element(self) -> usize {
        match self {
            Change::Polarity { element, .. }
            | Change::Duplex { element, .. }
            | Change::Port { element, .. }
            | Change::Keys { element, .. }
            | Change::End { element, .. } => element,
        }
    }

    /// Machine-readable: `polarity=B`, `keys=UpUp`, `near_end=Female`, `port=3`.
    pub fn code(self) -> String {
        match self {
            Change::Polarity { to, .. } => format!("polarity={to:?}"),
            Change::Duplex { to, .. } => format!("polarity={to:?}"),
            Change::Port { to, .. } => format!("port={to}"),
            Change::Keys { to, .. } => format!("keys={to:?}"),
            Change::End { near, to, .. } => {
                format!("{}_end={to:?}", if near { "near" } else { "far" })
            }
        }
    }

    pub fn apply(self, path: &mut [Element]) {
        match (self, path.get_mut(self.element())) {
            (Change::Polarity { to, .. }, Some(Element::Cable(c))) => c.polarity = to,
            (Change::Duplex { to, .. }, Some(Element::LcCord(c))) => c.polarity = to,
            (Change::Port { to, .. }, Some(Element::Cassette(c))) => c.port = to,
            (Change::Keys { to, .. }, Some(Element::Adapter(a))) => a.keys = to,
            (Change::End { near, to, .. }, Some(Element::Cable(c))) => {
                if near {
                    c.ends.0 = to;
                } else {
                    c.ends.1 = to;
                }
            }
            _ => {}
        }
    }

    fn describe(self, link: &Link) -> String {
        let what = crate::analysis::budget::describe(link, self.element());
        match (self, link.path.get(self.element())) {
            (Change::Polarity { to, .. }, Some(Element::Cable(c))) => {
                let hint = match (c.polarity, to) {
                    (PolarityType::A, PolarityType::B) | (PolarityType::B, PolarityType::A) => {
                        " (on an MTP, turn the housing of one end over)"
                    }
                    _ => "",
                };
                format!(
                    "make {what} a Type {to:?} {} instead of Type {:?}{hint}",
                    role(c.role),
                    c.polarity
                )
            }
            (Change::Duplex { to, .. }, _) => format!(
                "make {what} an {} cord",
                match to {
                    DuplexPolarity::AtoB => "A-to-B",
                    DuplexPolarity::AtoA => "A-to-A",
                }
            ),
            (Change::Port { to, .. }, _) => format!("use front port {to} of {what}"),
            (Change::Keys { to, .. }, _) => format!("use a {} adapter at {what}", keys(to)),
            (Change::End { near, to, .. }, _) => format!(
                "make {what}'s {} end {}",
                if near { "near" } else { "far" },
                to.words()
            ),
            _ => what,
        }
    }
}

fn role(r: CableRole) -> &'static str {
    match r {
        CableRole::Cord => "cord",
        CableRole::Trunk => "trunk",
    }
}

fn keys(k: AdapterKeys) -> &'static str {
    match k {
        AdapterKeys::UpDown => "key-up/key-down (Type A)",
        AdapterKeys::UpUp => "key-up/key-up (Type B)",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FixStep {
    pub element: usize,
    pub change: String,
    pub message: String,
}

/// The change (or shortest sequence of changes) to make.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fix {
    /// The first (for one change, the only) step.
    pub element: usize,
    pub change: String,
    pub message: String,
    pub steps: Vec<FixStep>,
    #[serde(skip)]
    pub changes: Vec<Change>,
}

impl Fix {
    /// The link with the fix applied.
    pub fn applied_to(&self, link: &Link) -> Link {
        let mut fixed = link.clone();
        for c in &self.changes {
            c.apply(&mut fixed.path);
        }
        fixed
    }
}

/// Most changes tried together before giving up.
const MAX_STEPS: usize = 3;

/// The most path elements the search may walk through in all its trial
/// traces together: about a tenth of a second of work whatever the path, so
/// a long or hopeless link (every cable pinned at both ends) cannot hang the
/// app or the CLI. Short links are always searched in full (a 9-element path
/// has about 30 candidates: 4,525 combinations of up to three).
const SEARCH_WORK: usize = 3_000_000;

pub fn find_fix(ends: Ends<'_>, link: &Link, cassettes: &[Option<&CassetteKind>]) -> Option<Fix> {
    // Each gender change mends at most one mate: more wrong mates than steps
    // cannot be fixed, and a combination needs at least that many gender changes.
    let wrong_mates = gender_faults(&link.path, cassettes);
    if wrong_mates > MAX_STEPS {
        return None;
    }
    let candidates = candidates(&link.path, cassettes);
    let good = |path: &[Element]| {
        gender_faults(path, cassettes) == 0 && trace_lanes(ends, path, cassettes).all(|l| l.ok)
    };
    let mut path = link.path.clone();
    let mut search = Search {
        candidates: &candidates,
        original: &link.path,
        good: &good,
        gender_faults: wrong_mates,
        trials_left: SEARCH_WORK / link.path.len().max(1),
    };
    for size in wrong_mates.max(1)..=MAX_STEPS {
        // One change: of all that work, the one after which the channel
        // follows a TIA method, then the one that brings the part in line
        // with the rest (a lone Type A trunk among Type B cords goes back to
        // B, not a cord to A), then the cheapest.
        // Each trial counts against the same work limit as the search.
        let found = if size == 1 {
            let mut best = None;
            for (order, c) in candidates.iter().enumerate() {
                if search.trials_left == 0 {
                    break;
                }
                search.trials_left -= 1;
                path.clone_from_slice(&link.path);
                c.apply(&mut path);
                if good(&path) {
                    // Only whether the change agrees with the rest counts,
                    // not by how many parts (adapters are fewer than cables).
                    let key = (
                        tia_method(&path).is_some(),
                        agreement(&link.path, *c).signum(),
                        std::cmp::Reverse(order),
                    );
                    if best.as_ref().is_none_or(|(k, _)| key > *k) {
                        best = Some((key, *c));
                    }
                }
            }
            best.map(|(_, c)| vec![c])
        } else {
            search.combinations(size, 0, &mut Vec::new(), &mut path)
        };
        if let Some(changes) = found {
            let steps: Vec<FixStep> = changes
                .iter()
                .map(|c| FixStep {
                    element: c.element(),
                    change: c.code(),
                    message: c.describe(link),
                })
                .collect();
            let mut fixed = link.path.clone();
            for c in &changes {
                c.apply(&mut fixed);
            }
            let method = tia_method(&fixed)
                .map(|m| format!("; the channel then follows {}", m.name()))
                .unwrap_or_default();
            let message = if steps.len() == 1 {
                format!("{}{method}", steps[0].message)
            } else {
                let list: Vec<&str> = steps.iter().map(|s| s.message.as_str()).collect();
                format!(
                    "no single change fixes it; the shortest sequence found: {}{method}",
                    list.join("; then ")
                )
            };
            return Some(Fix {
                element: steps[0].element,
                change: steps[0].change.clone(),
                message,
                steps,
                changes,
            });
        }
    }
    None
}

/// How many other parts of the same kind already have the value `change`
/// gives, less how many keep the value it takes away: positive where the
/// change brings the part in line with the rest of the channel.
fn agreement(path: &[Element], change: Change) -> i64 {
    let i = change.element();
    let mut score = 0i64;
    match (change, path.get(i)) {
        (Change::Polarity { to, .. }, Some(Element::Cable(c))) => {
            for (j, e) in path.iter().enumerate() {
                if let (true, Element::Cable(o)) = (j != i, e) {
                    score += i64::from(o.polarity == to) - i64::from(o.polarity == c.polarity);
                }
            }
        }
        (Change::Keys { to, .. }, Some(Element::Adapter(a))) => {
            for (j, e) in path.iter().enumerate() {
                if let (true, Element::Adapter(o)) = (j != i, e) {
                    score += i64::from(o.keys == to) - i64::from(o.keys == a.keys);
                }
            }
        }
        _ => {}
    }
    score
}

/// A TIA-568.3 connectivity method for parallel optics (one byte, where a
/// judged link keeps it beside its verdict).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TiaMethod {
    A,
    B,
}

impl TiaMethod {
    /// "TIA Method A", as a channel is said to follow it.
    pub fn name(self) -> &'static str {
        match self {
            TiaMethod::A => "TIA Method A",
            TiaMethod::B => "TIA Method B",
        }
    }
}

/// The TIA-568.3 connectivity method of a parallel channel of MPO cables
/// and adapters, where it follows one: Method A (Type A trunk, key-up/key-down
/// adapters, a Type A cord at one end and a Type B cord at the other) or
/// Method B (Type B throughout, key-up/key-up adapters). Type C's pair flip is
/// a duplex method: a parallel channel with a Type C trunk follows none.
pub fn tia_method(path: &[Element]) -> Option<TiaMethod> {
    // Cables spliced fiber to fiber act as one: a Type B riser spliced to a
    // Type A one reverses the positions once, as one Type B trunk does.
    // Each such run: (its polarity, whether any part of it is a trunk).
    let mut runs: Vec<(PolarityType, bool)> = Vec::new();
    let mut keys = Vec::new();
    let mut spliced = false;
    for e in path {
        match e {
            Element::Cable(c) => {
                let trunk = c.role == CableRole::Trunk;
                match runs.last_mut() {
                    Some(run) if spliced => {
                        run.0 = spliced_polarity(run.0, c.polarity)?;
                        run.1 |= trunk;
                    }
                    _ => runs.push((c.polarity, trunk)),
                }
                spliced = false;
            }
            Element::Adapter(a) => {
                keys.push(a.keys);
                spliced = false;
            }
            Element::Splice(_) => spliced = true,
            _ => return None,
        }
    }
    let trunks: Vec<PolarityType> = runs.iter().filter(|r| r.1).map(|r| r.0).collect();
    let cords: Vec<PolarityType> = runs.iter().filter(|r| !r.1).map(|r| r.0).collect();
    let all_keys = |k: AdapterKeys| keys.iter().all(|x| *x == k);
    let all_trunks = |t: PolarityType| !trunks.is_empty() && trunks.iter().all(|p| *p == t);
    let cords_a_and_b =
        cords.len() == 2 && cords.contains(&PolarityType::A) && cords.contains(&PolarityType::B);
    if all_trunks(PolarityType::B)
        && cords.iter().all(|p| *p == PolarityType::B)
        && all_keys(AdapterKeys::UpUp)
    {
        Some(TiaMethod::B)
    } else if all_trunks(PolarityType::A) && all_keys(AdapterKeys::UpDown) && cords_a_and_b {
        Some(TiaMethod::A)
    } else {
        None
    }
}

/// Two cables spliced fiber to fiber, as one: reversals add up (B then B is
/// A), a pair flip with no reversal stays a pair flip; a pair flip and a
/// reversal together are no TIA type.
fn spliced_polarity(a: PolarityType, b: PolarityType) -> Option<PolarityType> {
    use PolarityType::{A, B, C};
    let reversals = [a, b].iter().filter(|p| **p == B).count();
    let flips = [a, b].iter().filter(|p| **p == C).count();
    match (reversals % 2, flips % 2) {
        (0, 0) => Some(A),
        (1, 0) => Some(B),
        (0, 1) => Some(C),
        _ => None,
    }
}

struct Search<'a> {
    candidates: &'a [Change],
    original: &'a [Element],
    good: &'a dyn Fn(&[Element]) -> bool,
    /// Wrong mates in the original: so many gender changes are needed.
    gender_faults: usize,
    /// Trial traces still allowed (see [`SEARCH_WORK`]).
    trials_left: usize,
}

impl Search<'_> {
    /// Tries every combination of `size` candidates (in preference order),
    /// until one is good or the work allowed is spent.
    fn combinations(
        &mut self,
        size: usize,
        from: usize,
        chosen: &mut Vec<Change>,
        scratch: &mut Vec<Element>,
    ) -> Option<Vec<Change>> {
        let gender_changes = chosen
            .iter()
            .filter(|c| matches!(c, Change::End { .. }))
            .count();
        if gender_changes + (size - chosen.len()) < self.gender_faults {
            return None; // too few gender changes left to mend every wrong mate
        }
        if chosen.len() == size {
            if self.trials_left == 0 {
                return None;
            }
            self.trials_left -= 1;
            scratch.clone_from_slice(self.original);
            for c in chosen.iter() {
                c.apply(scratch);
            }
            return (self.good)(scratch).then(|| chosen.clone());
        }
        for i in from..self.candidates.len() {
            if self.trials_left == 0 {
                return None;
            }
            let candidate = self.candidates[i];
            // Two changes to the same property of the same element are one change.
            if chosen.iter().any(|c| same_property(*c, candidate)) {
                continue;
            }
            chosen.push(candidate);
            if let Some(found) = self.combinations(size, i + 1, chosen, scratch) {
                return Some(found);
            }
            chosen.pop();
        }
        None
    }
}

fn same_property(a: Change, b: Change) -> bool {
    match (a, b) {
        (Change::Polarity { element: x, .. }, Change::Polarity { element: y, .. })
        | (Change::Duplex { element: x, .. }, Change::Duplex { element: y, .. })
        | (Change::Port { element: x, .. }, Change::Port { element: y, .. })
        | (Change::Keys { element: x, .. }, Change::Keys { element: y, .. }) => x == y,
        (
            Change::End {
                element: x,
                near: n,
                ..
            },
            Change::End {
                element: y,
                near: m,
                ..
            },
        ) => x == y && n == m,
        _ => false,
    }
}

/// Every single-property change, cheapest first: patch cords, then adapters
/// and cassette ports, then connector genders, then trunks (installed, costly
/// to rework); a change *to* Type C last of all, since pair-flipped cables are
/// not a parallel method.
fn candidates(path: &[Element], cassettes: &[Option<&CassetteKind>]) -> Vec<Change> {
    let mut cords = Vec::new();
    let mut adapters = Vec::new();
    let mut ends = Vec::new();
    let mut trunks = Vec::new();
    let mut to_type_c = Vec::new();
    for (i, e) in path.iter().enumerate() {
        match e {
            Element::Cable(c) => {
                let list = if c.role == CableRole::Cord {
                    &mut cords
                } else {
                    &mut trunks
                };
                for to in [PolarityType::B, PolarityType::A] {
                    if to != c.polarity {
                        list.push(Change::Polarity { element: i, to });
                    }
                }
                if c.polarity != PolarityType::C {
                    to_type_c.push(Change::Polarity {
                        element: i,
                        to: PolarityType::C,
                    });
                }
                ends.push(Change::End {
                    element: i,
                    near: true,
                    to: c.ends.0.flipped(),
                });
                ends.push(Change::End {
                    element: i,
                    near: false,
                    to: c.ends.1.flipped(),
                });
            }
            Element::LcCord(c) => {
                let to = match c.polarity {
                    DuplexPolarity::AtoB => DuplexPolarity::AtoA,
                    DuplexPolarity::AtoA => DuplexPolarity::AtoB,
                };
                cords.push(Change::Duplex { element: i, to });
            }
            Element::Adapter(a) => {
                let to = match a.keys {
                    AdapterKeys::UpDown => AdapterKeys::UpUp,
                    AdapterKeys::UpUp => AdapterKeys::UpDown,
                };
                adapters.push(Change::Keys { element: i, to });
            }
            Element::Cassette(c) => {
                let ports = cassettes
                    .get(i)
                    .copied()
                    .flatten()
                    .map_or(0, |k| k.ports.len());
                for to in (1..=ports)
                    .filter_map(|p| u8::try_from(p).ok())
                    .filter(|p| *p != c.port)
                {
                    adapters.push(Change::Port { element: i, to });
                }
            }
            // Shared parts are changed where they are declared, not per link.
            Element::Splice(_)
            | Element::Harness(_)
            | Element::TrunkLeg(_)
            | Element::PanelPort(_)
            | Element::CassettePort(_) => {}
        }
    }
    cords
        .into_iter()
        .chain(adapters)
        .chain(ends)
        .chain(trunks)
        .chain(to_type_c)
        .collect()
}
