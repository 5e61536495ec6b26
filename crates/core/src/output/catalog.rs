//! The `catalog` command's lists, as text and JSON.

use std::fmt::Write as _;

use serde::Serialize;

use crate::catalog::{
    CassetteKind, Catalog, ChannelTemplate, ConnectorReflectance, Fiber, Grade, HarnessKind,
    LaneMap, PortConnector, ReflectanceTable, SpliceGrade, TemplateShape, TestCord, TestMethod,
    Transceiver,
};
use crate::model::Polish;

/// One of the catalog's lists (`None` where the writers take one: all of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogList {
    Transceivers,
    /// Connector grades and splices.
    Grades,
    Fibers,
    Cassettes,
    /// Harness (fan-out, breakout) cables.
    Harnesses,
    /// Channel templates for planning link schedules.
    Templates,
    /// The field hand-off: reference methods, test cords, connector
    /// reflectance and the modules' reflection tables.
    Field,
}

fn shows(list: Option<CatalogList>, l: CatalogList) -> bool {
    list.is_none_or(|x| x == l)
}

#[derive(Serialize)]
struct CatalogJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    transceivers: Option<Vec<TransceiverJson<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grades: Option<&'a [Grade]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    splices: Option<&'a [SpliceGrade]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    margins: Option<&'a [crate::catalog::DesignMargin]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fibers: Option<&'a [Fiber]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cassettes: Option<&'a [CassetteKind]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    harnesses: Option<&'a [HarnessKind]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    templates: Option<&'a [ChannelTemplate]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    test_methods: Option<&'a [TestMethod]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    test_cords: Option<&'a [TestCord]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reflectances: Option<&'a [ConnectorReflectance]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reflectance_tables: Option<&'a [ReflectanceTable]>,
}

/// A transceiver as the catalog file gives it, with one entry per port.
#[derive(Serialize)]
struct TransceiverJson<'a> {
    #[serde(flatten)]
    entry: &'a Transceiver,
    ports: Vec<PortJson<'a>>,
}

#[derive(Serialize)]
struct PortJson<'a> {
    connector: PortConnector,
    /// MPO positions, or 2 for LC duplex.
    fibers: u32,
    polish: Polish,
    lanes: &'a [LaneMap],
    breakout: &'a [Vec<u8>],
}

fn transceiver_json(t: &Transceiver) -> TransceiverJson<'_> {
    TransceiverJson {
        entry: t,
        ports: t
            .ports
            .iter()
            .map(|p| PortJson {
                connector: p.connector,
                fibers: p.positions(),
                polish: p.polish,
                lanes: &p.lanes,
                breakout: &p.breakout,
            })
            .collect(),
    }
}

/// "MPO-12", "2×MPO-12", "MPO-12+LC duplex".
fn ports_label(t: &Transceiver) -> String {
    match t.ports.as_slice() {
        [] | [_] => t.port_label(),
        [first, rest @ ..] if rest.iter().all(|p| p == first) => {
            format!("{}×{}", t.ports.len(), t.port_label())
        }
        many => many.iter().map(|p| p.label()).collect::<Vec<_>>().join("+"),
    }
}

/// The lists as JSON, each under its own key.
pub fn json(c: &Catalog, list: Option<CatalogList>) -> String {
    let show = |l| shows(list, l);
    super::json::pretty(&CatalogJson {
        transceivers: show(CatalogList::Transceivers)
            .then(|| c.transceivers().iter().map(transceiver_json).collect()),
        grades: show(CatalogList::Grades).then(|| c.grades()),
        splices: show(CatalogList::Grades).then(|| c.splices()),
        margins: show(CatalogList::Grades).then(|| c.margins()),
        fibers: show(CatalogList::Fibers).then(|| c.fibers()),
        cassettes: show(CatalogList::Cassettes).then(|| c.cassettes()),
        harnesses: show(CatalogList::Harnesses).then(|| c.harnesses()),
        templates: show(CatalogList::Templates).then(|| c.templates()),
        test_methods: show(CatalogList::Field).then(|| c.test_methods()),
        test_cords: show(CatalogList::Field).then(|| c.test_cords()),
        reflectances: show(CatalogList::Field).then(|| c.reflectances()),
        reflectance_tables: show(CatalogList::Field).then(|| c.reflectance_tables()),
    })
}

/// The lists as tables, each figure with its source.
pub fn text(c: &Catalog, list: Option<CatalogList>) -> String {
    let show = |l| shows(list, l);
    let mut s = String::new();
    if show(CatalogList::Transceivers) {
        let _ = writeln!(s, "Transceivers (reach m / max channel insertion loss dB)");
        let _ = writeln!(
            s,
            "{:16} {:>6} {:>10} {:>4} {:6} {:24} source",
            "id", "nm", "port", "used", "polish", "fiber: reach / max"
        );
        for t in c.transceivers() {
            let media: Vec<String> = t
                .media
                .iter()
                .map(|m| format!("{} {}/{}", m.fiber, m.reach_m, m.max_channel_loss_db))
                .collect();
            let _ = writeln!(
                s,
                "{:16} {:>6} {:>10} {:>4} {:6} {:24} {}",
                t.id,
                t.wavelength_nm,
                ports_label(t),
                t.fibers_used,
                t.port_polish.label(),
                media.join(", "),
                t.source
            );
        }
        s.push('\n');
    }
    if show(CatalogList::Grades) {
        let _ = writeln!(s, "Connector grades (dB per mated pair)");
        let _ = writeln!(
            s,
            "{:12} {:>7} {:>7} {:>7} {:>7}  {:40} source",
            "id", "MM max", "MM typ", "SM max", "SM typ", "name"
        );
        for g in c.grades() {
            let _ = writeln!(
                s,
                "{:12} {:>7.2} {:>7.2} {:>7.2} {:>7.2}  {:40} {}",
                g.id,
                g.multimode.max_db,
                g.multimode.typical_db,
                g.single_mode.max_db,
                g.single_mode.typical_db,
                g.name,
                g.source
            );
        }
        for sp in c.splices() {
            let _ = writeln!(
                s,
                "{:12} {:>7.2} {:>7.2} {:>7.2} {:>7.2}  {:40} {}",
                sp.id, sp.max_db, sp.typical_db, sp.max_db, sp.typical_db, sp.name, sp.source
            );
        }
        for m in c.margins() {
            let _ = writeln!(s, "margin {}: {} dB ({}); {}", m.id, m.db, m.name, m.source);
        }
        s.push('\n');
    }
    if show(CatalogList::Fibers) {
        let _ = writeln!(s, "Fibers (cabled attenuation dB/km by wavelength)");
        for f in c.fibers() {
            let att: Vec<String> = f
                .attenuation_db_per_km
                .iter()
                .map(|(nm, a)| format!("{nm} nm {a}"))
                .collect();
            let _ = writeln!(
                s,
                "{:6} {:12} {:40} {}",
                f.id,
                f.mode.label(),
                att.join(", "),
                f.source
            );
        }
    }
    if show(CatalogList::Cassettes) {
        let _ = writeln!(
            s,
            "\nMPO-LC cassettes (front port: rear MPO positions of LC A, B)"
        );
        for k in c.cassettes() {
            let ports: Vec<String> = k
                .ports
                .iter()
                .enumerate()
                .map(|(n, p)| format!("{}:{}/{}", n + 1, p.a, p.b))
                .collect();
            let _ = writeln!(
                s,
                "{:16} rear MPO-{} {:?} {:?}, LC {} / MPO {}  ports {}  {}",
                k.id,
                k.mpo_fibers,
                k.rear_gender,
                k.rear_keys,
                k.lc_grade,
                k.mpo_grade,
                ports.join(" "),
                k.source
            );
        }
    }
    if show(CatalogList::Harnesses) {
        let _ = writeln!(
            s,
            "\nHarnesses (MPO end; per leg: its connector, polish and the MPO positions of its positions, 0 = none)"
        );
        for h in c.harnesses() {
            let legs: Vec<String> = h
                .legs
                .iter()
                .enumerate()
                .map(|(n, l)| {
                    let at: Vec<String> = l.positions.iter().map(u8::to_string).collect();
                    format!(
                        "{}:{} {} [{}]",
                        n + 1,
                        l.label(),
                        l.polish.label(),
                        at.join(" ")
                    )
                })
                .collect();
            let _ = writeln!(
                s,
                "{:18} MPO-{} {}  legs {}  {}",
                h.id,
                h.mpo_fibers,
                h.polish.label(),
                legs.join("  "),
                h.source
            );
        }
    }
    if show(CatalogList::Templates) {
        let _ = writeln!(
            s,
            "\nChannel templates (for link schedules: the cords at each end, the parts between them)"
        );
        for t in c.templates() {
            let modules: Vec<&str> = t
                .modules
                .iter()
                .map(|m| crate::io::schedule::kind_word(*m))
                .collect();
            let shape = match &t.shape {
                TemplateShape::Interconnect {
                    near_cord,
                    far_cord,
                    trunk,
                    panel_keys,
                    ..
                } => format!(
                    "Type {near_cord:?} cord, {panel_keys:?} panel port, Type {trunk:?} trunk, panel port, Type {far_cord:?} cord"
                ),
                TemplateShape::Cassettes {
                    near_cassette,
                    far_cassette,
                    trunk,
                    ..
                } => format!(
                    "LC cord, {near_cassette} cassette, Type {trunk:?} trunk, {far_cassette} cassette, LC cord"
                ),
                TemplateShape::Direct { polarity, .. } => {
                    format!("one Type {polarity:?} cord (or an LC cord)")
                }
            };
            let _ = writeln!(
                s,
                "{:16} {}  cords {} m, {} / trunk {}{}  {}  {}",
                t.id,
                modules.join(", "),
                t.cord_length_m,
                t.cord_grade,
                t.trunk_grade,
                t.lc_grade
                    .as_deref()
                    .map_or_else(String::new, |g| format!(" / LC {g}")),
                shape,
                t.source
            );
        }
    }
    if show(CatalogList::Field) {
        field_text(c, &mut s);
    }
    s
}

/// Reference methods, test cords, connector reflectance, reflection tables.
fn field_text(c: &Catalog, s: &mut String) {
    let _ = writeln!(
        s,
        "\nTest reference methods (end connections in the measured loss)"
    );
    for m in c.test_methods() {
        let _ = writeln!(
            s,
            "{:10} {}  {}  {}",
            m.id, m.end_connections, m.name, m.source
        );
    }
    let _ = writeln!(s, "\nTest cord connections (dB, multimode / single-mode)");
    for t in c.test_cords() {
        let _ = writeln!(
            s,
            "{:10} {:4} {} / {}  {}",
            t.id,
            t.family.label(),
            t.multimode_db,
            t.single_mode_db,
            t.source
        );
    }
    let _ = writeln!(s, "\nConnector reflectance (dB, max / typical)");
    for r in c.reflectances() {
        let _ = writeln!(
            s,
            "{:10} {} {:11} {} / {}  {}",
            r.id,
            r.polish.label(),
            r.mode.label(),
            r.max_db,
            r.typical_db,
            r.source
        );
    }
    let _ = writeln!(
        s,
        "\nReflection tables (most dB each, by reflections counted); modules naming them"
    );
    for t in c.reflectance_tables() {
        let rows: Vec<String> = t
            .rows
            .iter()
            .map(|r| format!("{}: {}", r.count, r.max_db))
            .collect();
        let modules: Vec<&str> = c
            .transceivers()
            .iter()
            .filter(|m| {
                m.reflectance_table
                    .as_deref()
                    .is_some_and(|id| id.eq_ignore_ascii_case(&t.id))
            })
            .map(|m| m.id.as_str())
            .collect();
        let _ = writeln!(
            s,
            "{:22} above {} dB  {}  for {}  {}",
            t.id,
            t.counted_above_db,
            rows.join(", "),
            modules.join(", "),
            t.source
        );
    }
}
