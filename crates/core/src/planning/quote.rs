//! The bill of materials: parts aggregated over links × count, each line with
//! the attributes a trunk order needs, priced from a price list.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::Catalog;
use crate::catalog::prices::Prices;
use crate::model::{Design, Element, Gender, Link, Polish};

/// One line of the bill: identical parts, their quantity and price.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BomLine {
    /// `MPO cable`, `LC cord`, `MPO adapter`, `LC adapter`, `cassette`, `fusion splice`.
    pub item: String,
    pub role: String,
    pub fiber: String,
    pub fibers: String,
    pub polarity: String,
    pub near_end: String,
    pub far_end: String,
    pub polish: String,
    pub grade: String,
    pub length_m: Option<f64>,
    /// Adapter keys or cassette type.
    pub kind: String,
    pub quantity: u64,
    pub unit_price: Option<f64>,
    pub extended_price: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    pub design: String,
    pub price_list: String,
    pub currency: String,
    pub lines: Vec<BomLine>,
    pub total: f64,
    /// Lines the price list has no price for (not in the total).
    pub unpriced_lines: usize,
}

fn gender(g: Gender) -> &'static str {
    match g {
        Gender::Male => "male (pinned)",
        Gender::Female => "female",
    }
}

/// The parts of one instance of a link, each with its unit price.
pub fn link_parts(catalog: &Catalog, prices: &Prices, link: &Link) -> Vec<(BomLine, u64)> {
    let port_polish = catalog
        .find_transceiver(&link.transceiver)
        .map(|t| catalog.transceiver(t))
        .map(|t| t.port(link.port).map_or(t.port_polish, |p| p.polish));
    let blank = BomLine::blank;
    let mut parts = Vec::new();
    let mut splices = 0u64;
    // The shared path, then each leg's own path.
    for seg in std::iter::once(&link.path).chain(link.legs.iter().map(|l| &l.path)) {
        for (i, e) in seg.iter().enumerate() {
            match e {
                Element::Cable(c) => {
                    let mut l = blank("MPO cable");
                    l.role = format!("{:?}", c.role);
                    l.fiber = c.fiber.clone().unwrap_or_else(|| link.fiber.clone());
                    l.fibers = c.fibers.to_string();
                    l.polarity = format!("Type {:?}", c.polarity);
                    l.near_end = gender(c.ends.0).to_owned();
                    l.far_end = gender(c.ends.1).to_owned();
                    l.polish = c
                        .polish
                        .or(port_polish)
                        .map(Polish::label)
                        .unwrap_or_default()
                        .to_owned();
                    l.grade = c.grade.clone();
                    l.length_m = Some(c.length_m.get());
                    l.unit_price = element_price(prices, seg, i).flatten();
                    parts.push((l, 1));
                    splices += u64::from(c.splices);
                }
                Element::LcCord(c) => {
                    let mut l = blank("LC cord");
                    l.fiber = c.fiber.clone().unwrap_or_else(|| link.fiber.clone());
                    l.fibers = "2".into();
                    l.polarity = match c.polarity {
                        crate::model::DuplexPolarity::AtoB => "A-to-B",
                        crate::model::DuplexPolarity::AtoA => "A-to-A",
                    }
                    .to_owned();
                    l.polish = "UPC".into();
                    l.grade = c.grade.clone();
                    l.length_m = Some(c.length_m.get());
                    l.unit_price = element_price(prices, seg, i).flatten();
                    parts.push((l, 1));
                }
                Element::Adapter(a) => {
                    let lc = lc_adapter(seg, i);
                    let mut l = blank(if lc { "LC adapter" } else { "MPO adapter" });
                    l.kind = if lc {
                        "duplex".into()
                    } else {
                        match a.keys {
                            crate::model::AdapterKeys::UpDown => "key-up/key-down (Type A)".into(),
                            crate::model::AdapterKeys::UpUp => "key-up/key-up (Type B)".into(),
                        }
                    };
                    l.unit_price = element_price(prices, seg, i).flatten();
                    parts.push((l, 1));
                }
                Element::Cassette(c) => {
                    let mut l = blank("cassette");
                    l.kind = c.kind.clone();
                    l.grade = [c.lc_grade.clone(), c.mpo_grade.clone()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" / ");
                    l.unit_price = element_price(prices, seg, i).flatten();
                    parts.push((l, 1));
                }
                Element::Splice(_) => splices += 1,
                // One part: its legs are not bought separately.
                Element::Harness(h) => {
                    let mut l = blank("harness");
                    l.kind = h.kind.clone();
                    l.fiber = h.fiber.clone().unwrap_or_else(|| link.fiber.clone());
                    l.near_end = gender(h.end).to_owned();
                    if let Some(k) = catalog.find_harness(&h.kind).map(|k| catalog.harness(k)) {
                        l.fibers = k.mpo_fibers.to_string();
                        let legs: Vec<String> = k.legs.iter().map(|g| g.label()).collect();
                        l.far_end = match legs.as_slice() {
                            [first, rest @ ..] if rest.iter().all(|g| g == first) => {
                                format!("{} × {first}", legs.len())
                            }
                            _ => legs.join(" + "),
                        };
                        let leg_polish = k.legs.first().map_or(k.polish, |g| g.polish);
                        l.polish = if leg_polish == k.polish {
                            k.polish.label().to_owned()
                        } else {
                            format!("{} to {}", k.polish.label(), leg_polish.label())
                        };
                    }
                    l.grade = format!("{} / {}", h.grade, h.leg_grade);
                    l.length_m = Some(h.length_m.get());
                    l.unit_price = element_price(prices, seg, i).flatten();
                    parts.push((l, 1));
                }
                // Shared parts are bought once for the design (`shared_parts`).
                Element::TrunkLeg(_) | Element::PanelPort(_) | Element::CassettePort(_) => {}
            }
        }
    }
    if splices > 0 {
        let mut l = blank("fusion splice");
        l.unit_price = prices.splice;
        parts.push((l, splices));
    }
    parts
}

/// The design's shared trunks, panels and their cassettes: each bought
/// once, whatever number of links runs through it.
pub fn shared_parts(catalog: &Catalog, prices: &Prices, design: &Design) -> Vec<(BomLine, u64)> {
    let blank = BomLine::blank;
    // A trunk without its own fiber or polish takes the first link's through
    // it (one pass over the links, not one per trunk).
    let mut first: std::collections::HashMap<&str, &Link> = std::collections::HashMap::new();
    for l in &design.links {
        for e in &l.path {
            if let Element::TrunkLeg(t) = e {
                first.entry(t.trunk.as_str()).or_insert(l);
            }
        }
    }
    let first_user = |id: &str| first.get(id).copied();
    let mut parts = Vec::new();
    for t in &design.trunks {
        let user = first_user(&t.id);
        let mut l = blank("trunk");
        l.role = "Trunk".into();
        l.fiber = t
            .fiber
            .clone()
            .or_else(|| user.map(|u| u.fiber.clone()))
            .unwrap_or_default();
        l.fibers = t.fiber_count().to_string();
        l.kind = format!("{} × MPO-{}", t.legs, t.fibers);
        l.polarity = format!("Type {:?}", t.polarity);
        l.near_end = gender(t.ends.0).to_owned();
        l.far_end = gender(t.ends.1).to_owned();
        l.polish = t
            .polish
            .or_else(|| {
                let u = user?;
                let m = catalog.transceiver(catalog.find_transceiver(&u.transceiver)?);
                Some(m.port(u.port).map_or(m.port_polish, |p| p.polish))
            })
            .map(Polish::label)
            .unwrap_or_default()
            .to_owned();
        l.grade = t.grade.clone();
        l.length_m = Some(t.length_m.get());
        l.unit_price = trunk_price(prices, t);
        parts.push((l, 1));
    }
    for p in &design.panels {
        let mut l = blank("panel");
        l.kind = match (p.ports, p.cassettes.len()) {
            (Some(n), _) => format!(
                "{n} × MPO adapter, {}",
                match p.keys.unwrap_or(crate::model::AdapterKeys::UpUp) {
                    crate::model::AdapterKeys::UpDown => "key-up/key-down (Type A)",
                    crate::model::AdapterKeys::UpUp => "key-up/key-up (Type B)",
                }
            ),
            (None, n) => format!("{n} cassette slot{}", if n == 1 { "" } else { "s" }),
        };
        // The housing, and its adapters where it holds them.
        l.unit_price = prices.adapter("panel").map(|housing| {
            housing + f64::from(p.ports.unwrap_or(0)) * prices.adapter("mpo").unwrap_or(0.0)
        });
        parts.push((l, 1));
        for k in &p.cassettes {
            let mut c = blank("cassette");
            c.kind = k.kind.clone();
            if let Some(kind) = catalog.find_cassette(&k.kind).map(|i| catalog.cassette(i)) {
                c.grade = format!(
                    "{} / {}",
                    k.lc_grade.as_deref().unwrap_or(&kind.lc_grade),
                    k.mpo_grade.as_deref().unwrap_or(&kind.mpo_grade)
                );
            }
            c.unit_price = prices.cassette(&k.kind);
            parts.push((c, 1));
        }
    }
    parts
}

/// A shared trunk's price, priced as its legs: one trunk of the leg's fiber
/// count per leg. `None` where the list has no price for its grade.
pub fn trunk_price(prices: &Prices, t: &crate::model::infra::Trunk) -> Option<f64> {
    prices
        .cable(
            crate::model::CableRole::Trunk,
            &t.grade,
            t.fibers,
            t.length_m.get(),
        )
        .map(|p| p * f64::from(t.legs))
}

/// The price of one instance of a link, and whether every part had a price.
/// The same prices as [`link_parts`], without describing each part: the
/// optimizer asks this for every choice it weighs.
pub fn link_cost(_catalog: &Catalog, prices: &Prices, link: &Link) -> (f64, bool) {
    let (mut cost, mut all_priced) = (0.0, true);
    let mut splices = 0u64;
    for seg in std::iter::once(&link.path).chain(link.legs.iter().map(|l| &l.path)) {
        for (i, e) in seg.iter().enumerate() {
            match e {
                Element::Splice(_) => splices += 1,
                Element::Cable(c) => splices += u64::from(c.splices),
                _ => {}
            }
            match element_price(prices, seg, i) {
                Some(Some(p)) => cost += p,
                Some(None) => all_priced = false,
                None => {}
            }
        }
    }
    if splices > 0 {
        match prices.splice {
            Some(p) => cost += p * splices as f64,
            None => all_priced = false,
        }
    }
    (cost, all_priced)
}

/// An adapter before an LC cord is an LC adapter, else an MPO one.
fn lc_adapter(seg: &[Element], i: usize) -> bool {
    matches!(seg.get(i + 1), Some(Element::LcCord(_)))
}

/// What element `i` of a path costs for one link: `Some(None)` where the
/// price list has no price for it, `None` where it is not bought per link
/// (splices are counted per splice; shared parts once for the design).
fn element_price(prices: &Prices, seg: &[Element], i: usize) -> Option<Option<f64>> {
    Some(match seg.get(i)? {
        Element::Cable(c) => prices.cable(c.role, &c.grade, c.fibers, c.length_m.get()),
        Element::LcCord(c) => prices.lc_cord(&c.grade, c.length_m.get()),
        Element::Adapter(_) => prices.adapter(if lc_adapter(seg, i) { "lc" } else { "mpo" }),
        Element::Cassette(c) => prices.cassette(&c.kind),
        Element::Harness(h) => prices.harness(&h.kind, h.length_m.get()),
        Element::Splice(_)
        | Element::TrunkLeg(_)
        | Element::PanelPort(_)
        | Element::CassettePort(_) => return None,
    })
}

/// The design's bill of materials: identical parts merged, quantities × link counts.
pub fn quote(catalog: &Catalog, prices: &Prices, design: &Design) -> Quote {
    // Keyed by every attribute, so sorted output is stable and identical parts merge.
    let mut merged: BTreeMap<String, BomLine> = BTreeMap::new();
    for link in &design.links {
        for (line, n) in link_parts(catalog, prices, link) {
            let key = format!(
                "{}|{}|{}|{}|{}|{}|{}|{}|{}|{:?}|{}",
                line.item,
                line.role,
                line.fiber,
                line.fibers,
                line.polarity,
                line.near_end,
                line.far_end,
                line.polish,
                line.grade,
                line.length_m.map(|l| (l * 1000.0).round() as i64),
                line.kind
            );
            merged.entry(key).or_insert(line).quantity += n * u64::from(link.count);
        }
    }
    for (line, n) in shared_parts(catalog, prices, design) {
        let key = format!("{}|{}|{}", line.item, line.kind, line.description_key());
        merged.entry(key).or_insert(line).quantity += n;
    }
    let mut lines: Vec<BomLine> = merged.into_values().collect();
    for l in &mut lines {
        l.extended_price = l
            .unit_price
            .map(|p| crate::model::units::round(p * l.quantity as f64));
        l.unit_price = l.unit_price.map(crate::model::units::round);
    }
    Quote {
        design: design.name.clone(),
        price_list: prices.label.clone(),
        currency: prices.currency.clone(),
        total: crate::model::units::round(lines.iter().filter_map(|l| l.extended_price).sum()),
        unpriced_lines: lines.iter().filter(|l| l.unit_price.is_none()).count(),
        lines,
    }
}

impl BomLine {
    /// A line of `item` with no attributes yet.
    fn blank(item: &str) -> Self {
        Self {
            item: item.to_owned(),
            role: String::new(),
            fiber: String::new(),
            fibers: String::new(),
            polarity: String::new(),
            near_end: String::new(),
            far_end: String::new(),
            polish: String::new(),
            grade: String::new(),
            length_m: None,
            kind: String::new(),
            quantity: 0,
            unit_price: None,
            extended_price: None,
        }
    }

    /// Every ordering attribute, so identical parts merge.
    fn description_key(&self) -> String {
        describe(self)
    }
}

/// A one-line description of a BOM line's ordering attributes.
pub fn describe(l: &BomLine) -> String {
    let parts: Vec<String> = [
        l.role.clone(),
        l.fiber.clone(),
        if l.fibers.is_empty() {
            String::new()
        } else {
            format!("{}f", l.fibers)
        },
        l.polarity.clone(),
        if l.near_end.is_empty() {
            String::new()
        } else {
            format!("{}/{}", l.near_end, l.far_end)
        },
        l.polish.clone(),
        l.grade.clone(),
        l.length_m.map_or_else(String::new, |m| format!("{m} m")),
        l.kind.clone(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect();
    parts.join(", ")
}
