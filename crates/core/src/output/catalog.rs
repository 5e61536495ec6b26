//! The `catalog` command's lists, as text and JSON.

use std::fmt::Write as _;

use serde::Serialize;

use crate::catalog::{CassetteKind, Catalog, Fiber, Grade, SpliceGrade, Transceiver};

/// One of the catalog's lists (`None` where the writers take one: all of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogList {
    Transceivers,
    /// Connector grades and splices.
    Grades,
    Fibers,
    Cassettes,
}

fn shows(list: Option<CatalogList>, l: CatalogList) -> bool {
    list.is_none_or(|x| x == l)
}

#[derive(Serialize)]
struct CatalogJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    transceivers: Option<&'a [Transceiver]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grades: Option<&'a [Grade]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    splices: Option<&'a [SpliceGrade]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fibers: Option<&'a [Fiber]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cassettes: Option<&'a [CassetteKind]>,
}

/// The lists as JSON, each under its own key.
pub fn json(c: &Catalog, list: Option<CatalogList>) -> String {
    let show = |l| shows(list, l);
    super::json::pretty(&CatalogJson {
        transceivers: show(CatalogList::Transceivers).then(|| c.transceivers()),
        grades: show(CatalogList::Grades).then(|| c.grades()),
        splices: show(CatalogList::Grades).then(|| c.splices()),
        fibers: show(CatalogList::Fibers).then(|| c.fibers()),
        cassettes: show(CatalogList::Cassettes).then(|| c.cassettes()),
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
            "{:16} {:>6} {:>9} {:>4} {:6} {:24} source",
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
                "{:16} {:>6} {:>9} {:>4} {:6} {:24} {}",
                t.id,
                t.wavelength_nm,
                t.port_label(),
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
    s
}
