//! Reading catalog files: the embedded defaults and a user's file over them.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{
    CassetteKind, Catalog, ChannelTemplate, ConnectorReflectance, DesignMargin, Fiber, Grade,
    HarnessKind, LossFigures, LossModel, MediaLimits, Port, PortConnector, ReflectanceTable,
    SpliceGrade, TemplateShape, TestCord, TestMethod, Transceiver, nearest_ids,
};
use crate::io::error::{InputError, display_name};
use crate::io::locate;
use crate::io::ron_format;
use crate::model::limits::MAX_LENGTH_M;

/// The largest loss of one mated pair or one splice a catalog may give, dB.
pub const MAX_PART_LOSS_DB: f64 = 100.0;
/// The largest cabled attenuation, dB/km.
pub const MAX_ATTENUATION_DB_PER_KM: f64 = 1_000.0;
/// The longest reach of a transceiver over a fiber, m (100 km).
pub const MAX_REACH_M: f64 = 100_000.0;
/// The largest channel loss a transceiver may allow, dB.
pub const MAX_CHANNEL_LOSS_DB: f64 = 100.0;
/// The largest design margin: in a catalog, and in the app's selection window.
pub const MAX_MARGIN_DB: f64 = 3.0;
/// The largest gamma shape of a loss model (it must also be above 0).
pub const MAX_LOSS_SHAPE: f64 = 1_000.0;
/// The shape of the loss model a new grade or splice without one gets (every
/// built-in grade and splice uses it).
pub const DEFAULT_LOSS_SHAPE: f64 = 2.0;

const BUILTIN: [(&str, &str); 7] = [
    (
        "catalog/grades.ron",
        include_str!("../../../../catalog/grades.ron"),
    ),
    (
        "catalog/fibers.ron",
        include_str!("../../../../catalog/fibers.ron"),
    ),
    // Before the transceivers, which name its reflectance tables.
    (
        "catalog/field.ron",
        include_str!("../../../../catalog/field.ron"),
    ),
    (
        "catalog/transceivers.ron",
        include_str!("../../../../catalog/transceivers.ron"),
    ),
    (
        "catalog/cassettes.ron",
        include_str!("../../../../catalog/cassettes.ron"),
    ),
    (
        "catalog/harnesses.ron",
        include_str!("../../../../catalog/harnesses.ron"),
    ),
    (
        "catalog/templates.ron",
        include_str!("../../../../catalog/templates.ron"),
    ),
];

/// One catalog file: any of the four lists, each optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Catalog", deny_unknown_fields)]
pub struct CatalogFile {
    #[serde(default)]
    pub grades: Vec<Grade>,
    #[serde(default)]
    pub splices: Vec<SpliceGrade>,
    #[serde(default)]
    pub fibers: Vec<Fiber>,
    #[serde(default)]
    pub transceivers: Vec<Transceiver>,
    #[serde(default)]
    pub cassettes: Vec<CassetteKind>,
    #[serde(default)]
    pub harnesses: Vec<HarnessKind>,
    #[serde(default)]
    pub templates: Vec<ChannelTemplate>,
    #[serde(default)]
    pub test_methods: Vec<TestMethod>,
    #[serde(default)]
    pub test_cords: Vec<TestCord>,
    #[serde(default)]
    pub reflectances: Vec<ConnectorReflectance>,
    #[serde(default)]
    pub reflectance_tables: Vec<ReflectanceTable>,
    #[serde(default)]
    pub margins: Vec<DesignMargin>,
}

impl Catalog {
    /// The catalog the product ships.
    pub fn builtin() -> Result<Catalog, InputError> {
        let mut catalog = Catalog::default();
        for (name, text) in BUILTIN {
            catalog.merge_text(name, text)?;
        }
        Ok(catalog)
    }

    /// The built-in catalog with a user's catalog file merged over it by id.
    pub fn with_user_file(path: &Path) -> Result<Catalog, InputError> {
        let mut catalog = Catalog::builtin()?;
        let name = display_name(path);
        let text = crate::io::read::read_text(path, "catalog file")?;
        catalog.merge_text(&name, &text)?;
        Ok(catalog)
    }

    /// Merges one catalog file's entries over this catalog by id.
    pub fn merge_text(&mut self, file: &str, text: &str) -> Result<(), InputError> {
        let text = crate::io::read::strip_bom(text);
        let parsed: CatalogFile = ron_format::options()
            .from_str(text)
            .map_err(|e| ron_format::parse_error(file, text, &e, "entry"))?;
        let checker = Checker {
            file,
            text: locate::blank_comments(text),
        };
        checker.check(&parsed)?;
        for mut g in parsed.grades {
            if g.loss_model.is_none() {
                g.loss_model = Some(inherited_model(
                    self.find_grade(&g.id)
                        .and_then(|i| self.grade(i).loss_model.clone()),
                ));
            }
            let id = g.id.clone();
            self.grades.upsert(&id, g);
        }
        for mut s in parsed.splices {
            if s.loss_model.is_none() {
                s.loss_model = Some(inherited_model(
                    self.find_splice(&s.id)
                        .and_then(|i| self.splice(i).loss_model.clone()),
                ));
            }
            let id = s.id.clone();
            self.splices.upsert(&id, s);
        }
        for f in parsed.fibers {
            let id = f.id.clone();
            self.fibers.upsert(&id, f);
        }
        for t in parsed.reflectance_tables {
            let id = t.id.clone();
            self.reflectance_tables.upsert(&id, t);
        }
        for m in parsed.margins {
            let id = m.id.clone();
            self.margins.upsert(&id, m);
        }
        for m in parsed.test_methods {
            let id = m.id.clone();
            self.test_methods.upsert(&id, m);
        }
        for c in parsed.test_cords {
            let id = c.id.clone();
            self.test_cords.upsert(&id, c);
        }
        for r in parsed.reflectances {
            let id = r.id.clone();
            self.reflectances.upsert(&id, r);
        }
        for (n, t) in parsed.transceivers.iter().enumerate() {
            if let Some(table) = &t.reflectance_table
                && self.find_reflectance_table(table).is_none()
            {
                return Err(checker.entry_error(
                    "transceivers",
                    n,
                    &t.id,
                    "reflectance_table",
                    "reflectance_table",
                    format!("unknown reflectance table \"{table}\""),
                ));
            }
            for (m, media) in t.media.iter().enumerate() {
                if self.find_fiber(&media.fiber).is_none() {
                    let near =
                        nearest_ids(&media.fiber, self.fibers().iter().map(|f| f.id.as_str()));
                    return Err(checker.entry_error(
                        "transceivers",
                        n,
                        &t.id,
                        &format!("media[{m}].fiber"),
                        "fiber",
                        format!(
                            "unknown fiber \"{}\"; known fibers nearest to it: {}",
                            media.fiber,
                            near.join(", ")
                        ),
                    ));
                }
            }
        }
        for mut t in parsed.transceivers {
            t.normalize();
            let id = t.id.clone();
            self.transceivers.upsert(&id, t);
        }
        for (n, k) in parsed.cassettes.iter().enumerate() {
            for (field, grade) in [("lc_grade", &k.lc_grade), ("mpo_grade", &k.mpo_grade)] {
                if self.find_grade(grade).is_none() {
                    let near = nearest_ids(grade, self.grades().iter().map(|g| g.id.as_str()));
                    return Err(checker.entry_error(
                        "cassettes",
                        n,
                        &k.id,
                        field,
                        field,
                        format!(
                            "unknown grade \"{grade}\"; known ids nearest to it: {}",
                            near.join(", ")
                        ),
                    ));
                }
            }
        }
        for k in parsed.cassettes {
            let id = k.id.clone();
            self.cassettes.upsert(&id, k);
        }
        for h in parsed.harnesses {
            let id = h.id.clone();
            self.harnesses.upsert(&id, h);
        }
        // A template names grades and cassettes: known here (built in, or in
        // this file, merged above).
        for (n, t) in parsed.templates.iter().enumerate() {
            let mut grades = vec![
                ("cord_grade", &t.cord_grade),
                ("trunk_grade", &t.trunk_grade),
            ];
            if let Some(lc) = &t.lc_grade {
                grades.push(("lc_grade", lc));
            }
            for (field, grade) in grades {
                if self.find_grade(grade).is_none() {
                    return Err(checker.entry_error(
                        "templates",
                        n,
                        &t.id,
                        field,
                        field,
                        format!("unknown grade \"{grade}\""),
                    ));
                }
            }
            if let TemplateShape::Cassettes {
                near_cassette,
                far_cassette,
                ..
            } = &t.shape
            {
                for kind in [near_cassette, far_cassette] {
                    if self.find_cassette(kind).is_none() {
                        return Err(checker.entry_error(
                            "templates",
                            n,
                            &t.id,
                            "shape",
                            "shape",
                            format!("unknown cassette \"{kind}\""),
                        ));
                    }
                }
            }
        }
        for t in parsed.templates {
            let id = t.id.clone();
            self.templates.upsert(&id, t);
        }
        self.rebuild_media();
        Ok(())
    }

    fn rebuild_media(&mut self) {
        let fibers = self.fibers.entries.len();
        let rows: Vec<Vec<Option<MediaLimits>>> = self
            .transceivers
            .entries
            .iter()
            .map(|t| {
                let mut row = vec![None; fibers];
                for m in &t.media {
                    if let Some(f) = self.fibers.find(&m.fiber) {
                        row[usize::from(f)] = Some(MediaLimits {
                            reach_m: m.reach_m,
                            max_channel_loss_db: m.max_channel_loss_db,
                            connection_allocation_db: m.connection_allocation_db,
                        });
                    }
                }
                row
            })
            .collect();
        self.media = rows;
        self.module_attenuation = self
            .transceivers
            .entries
            .iter()
            .map(|t| {
                (0..self.fibers.entries.len())
                    .map(|f| {
                        let f = super::FiberId(u16::try_from(f).unwrap_or(u16::MAX));
                        self.attenuation_db_per_km(f, t.wavelength_nm)
                    })
                    .collect()
            })
            .collect();
        self.module_reflectance_tables = self
            .transceivers
            .entries
            .iter()
            .map(|t| {
                t.reflectance_table
                    .as_deref()
                    .and_then(|id| self.reflectance_tables.find(id))
            })
            .collect();
    }
}

/// A figure for a message: huge ones in exponent form (`1e308`, not 309 digits).
fn figure(v: f64) -> String {
    if v.is_finite() && v.abs() >= 1e6 {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// The loss model of a grade or splice that gives none: the one of the entry
/// it replaces, or a gamma of shape [`DEFAULT_LOSS_SHAPE`].
fn inherited_model(replaced: Option<LossModel>) -> LossModel {
    replaced.unwrap_or_else(|| LossModel {
        shape: DEFAULT_LOSS_SHAPE,
        source: format!(
            "default: no loss_model in the catalog file; a gamma of shape {DEFAULT_LOSS_SHAPE} with its mean at the typical value, truncated at the max"
        ),
    })
}

/// Checks one file's figures before any of it is merged.
struct Checker<'a> {
    file: &'a str,
    text: String,
}

impl Checker<'_> {
    fn check(&self, c: &CatalogFile) -> Result<(), InputError> {
        self.unique("grades", c.grades.iter().map(|g| g.id.as_str()))?;
        self.unique("splices", c.splices.iter().map(|s| s.id.as_str()))?;
        self.unique("fibers", c.fibers.iter().map(|f| f.id.as_str()))?;
        self.unique("transceivers", c.transceivers.iter().map(|t| t.id.as_str()))?;
        self.unique("cassettes", c.cassettes.iter().map(|k| k.id.as_str()))?;
        self.unique("harnesses", c.harnesses.iter().map(|h| h.id.as_str()))?;
        self.unique("templates", c.templates.iter().map(|t| t.id.as_str()))?;
        self.unique("test_methods", c.test_methods.iter().map(|t| t.id.as_str()))?;
        self.unique("test_cords", c.test_cords.iter().map(|t| t.id.as_str()))?;
        self.unique("reflectances", c.reflectances.iter().map(|t| t.id.as_str()))?;
        self.unique(
            "reflectance_tables",
            c.reflectance_tables.iter().map(|t| t.id.as_str()),
        )?;
        self.unique("margins", c.margins.iter().map(|m| m.id.as_str()))?;
        for (n, m) in c.margins.iter().enumerate() {
            if !(m.db.is_finite() && (0.0..=MAX_MARGIN_DB).contains(&m.db)) {
                return Err(self.entry_error(
                    "margins",
                    n,
                    &m.id,
                    "db",
                    "db",
                    format!(
                        "expected a margin from 0 to {MAX_MARGIN_DB} dB, found {}",
                        figure(m.db)
                    ),
                ));
            }
        }
        self.check_field(c)?;
        for (n, t) in c.templates.iter().enumerate() {
            if !(t.cord_length_m.is_finite() && (0.0..=MAX_LENGTH_M).contains(&t.cord_length_m)) {
                return Err(self.entry_error(
                    "templates",
                    n,
                    &t.id,
                    "cord_length_m",
                    "cord_length_m",
                    format!(
                        "expected a cord length from 0 to {MAX_LENGTH_M} m, found {}",
                        figure(t.cord_length_m)
                    ),
                ));
            }
            if t.modules.is_empty() {
                return Err(self.entry_error(
                    "templates",
                    n,
                    &t.id,
                    "modules",
                    "modules",
                    "expected the modules it is for: [Parallel], [Duplex] or both".to_owned(),
                ));
            }
        }
        for (n, h) in c.harnesses.iter().enumerate() {
            let positions = h.mpo_fibers.count();
            // Every leg carries at least one of the MPO end's fibers.
            if h.legs.is_empty() || h.legs.len() > positions as usize {
                return Err(self.entry_error(
                    "harnesses",
                    n,
                    &h.id,
                    "legs",
                    "legs",
                    format!(
                        "expected 1 to {positions} legs (one per fiber at most), found {}",
                        h.legs.len()
                    ),
                ));
            }
            let mut seen = std::collections::HashSet::new();
            for (l, leg) in h.legs.iter().enumerate() {
                // An MPO-8 leg is laid out on twelve positions (5–8 empty).
                let slots = match (leg.connector, leg.mpo_fibers) {
                    (PortConnector::LcDuplex, _) => 2,
                    (PortConnector::Mpo, Some(crate::model::units::FiberCount::F8)) => 12,
                    (PortConnector::Mpo, Some(f)) => f.count(),
                    (PortConnector::Mpo, None) => 0,
                };
                if leg.positions.iter().all(|&p| p == 0) {
                    return Err(self.entry_error(
                        "harnesses",
                        n,
                        &h.id,
                        &format!("legs[{l}].positions"),
                        "positions",
                        "expected a leg that carries at least one fiber, found only 0s".to_owned(),
                    ));
                }
                if leg.positions.len() != slots as usize
                    || leg
                        .positions
                        .iter()
                        .any(|&p| u32::from(p) > positions || (p != 0 && !seen.insert(p)))
                {
                    return Err(self.entry_error(
                        "harnesses",
                        n,
                        &h.id,
                        &format!("legs[{l}].positions"),
                        "positions",
                        format!(
                            "expected {slots} entries for its {} leg, each a distinct MPO position from 1 to {positions} or 0 (no fiber)",
                            leg.label()
                        ),
                    ));
                }
            }
        }
        for (n, k) in c.cassettes.iter().enumerate() {
            let positions = k.mpo_fibers.count();
            let mut seen = std::collections::HashSet::new();
            for (port, map) in k.ports.iter().enumerate() {
                for p in [map.a, map.b] {
                    if p == 0 || u32::from(p) > positions || !seen.insert(p) {
                        return Err(self.entry_error(
                            "cassettes",
                            n,
                            &k.id,
                            &format!("ports[{port}]"),
                            "ports",
                            format!(
                                "expected distinct rear positions from 1 to {positions}, found {p}"
                            ),
                        ));
                    }
                }
            }
        }
        for (n, g) in c.grades.iter().enumerate() {
            self.loss("grades", n, &g.id, Some("multimode"), g.multimode)?;
            self.loss("grades", n, &g.id, Some("single_mode"), g.single_mode)?;
            self.shape("grades", n, &g.id, g.loss_model.as_ref())?;
        }
        for (n, s) in c.splices.iter().enumerate() {
            // A splice's figures are its own fields: each error is placed at
            // the figure it is about.
            self.loss("splices", n, &s.id, None, s.loss())?;
            self.shape("splices", n, &s.id, s.loss_model.as_ref())?;
        }
        for (n, f) in c.fibers.iter().enumerate() {
            for (nm, a) in &f.attenuation_db_per_km {
                if !(0.0..=MAX_ATTENUATION_DB_PER_KM).contains(a) {
                    return Err(self.entry_error(
                        "fibers",
                        n,
                        &f.id,
                        &format!("attenuation_db_per_km[{nm}]"),
                        "attenuation_db_per_km",
                        format!(
                            "expected an attenuation from 0 to {MAX_ATTENUATION_DB_PER_KM} dB/km (the limit), found {}",
                            figure(*a)
                        ),
                    ));
                }
            }
        }
        for (n, t) in c.transceivers.iter().enumerate() {
            // Each port: a one-port entry's own fields, or each of `ports`.
            let one = [Port {
                connector: t.connector,
                mpo_fibers: t.mpo_fibers,
                polish: t.port_polish,
                lanes: t.lanes.clone(),
                breakout: t.breakout.clone(),
            }];
            let ports: &[Port] = if t.ports.is_empty() { &one } else { &t.ports };
            let mut positions_in_all = 0;
            for (k, port) in ports.iter().enumerate() {
                let at = |field: &str| {
                    if t.ports.is_empty() {
                        field.to_owned()
                    } else {
                        format!("ports[{k}].{field}")
                    }
                };
                self.port(n, &t.id, port, &at)?;
                positions_in_all += port.positions();
            }
            if t.fibers_used > positions_in_all {
                return Err(self.entry_error(
                    "transceivers",
                    n,
                    &t.id,
                    "fibers_used",
                    "fibers_used",
                    format!(
                        "expected at most the {positions_in_all} positions of its {} port{}, found {}",
                        ports
                            .iter()
                            .map(Port::label)
                            .collect::<Vec<_>>()
                            .join(" and "),
                        if ports.len() == 1 { "" } else { "s" },
                        t.fibers_used
                    ),
                ));
            }
            for (m, media) in t.media.iter().enumerate() {
                if !(media.reach_m.is_finite()
                    && media.reach_m > 0.0
                    && media.reach_m <= MAX_REACH_M)
                {
                    return Err(self.entry_error(
                        "transceivers",
                        n,
                        &t.id,
                        &format!("media[{m}].reach_m"),
                        "reach_m",
                        format!(
                            "expected a reach above 0 m and at most {MAX_REACH_M} m (the limit), found {}",
                            figure(media.reach_m)
                        ),
                    ));
                }
                if let Some(a) = media.connection_allocation_db
                    && !(0.0..=MAX_CHANNEL_LOSS_DB).contains(&a)
                {
                    return Err(self.entry_error(
                        "transceivers",
                        n,
                        &t.id,
                        &format!("media[{m}].connection_allocation_db"),
                        "connection_allocation_db",
                        format!(
                            "expected a connection allocation from 0 to {MAX_CHANNEL_LOSS_DB} dB (the limit), found {}",
                            figure(a)
                        ),
                    ));
                }
                let loss = media.max_channel_loss_db;
                if !(0.0..=MAX_CHANNEL_LOSS_DB).contains(&loss) {
                    return Err(self.entry_error(
                        "transceivers",
                        n,
                        &t.id,
                        &format!("media[{m}].max_channel_loss_db"),
                        "max_channel_loss_db",
                        format!(
                            "expected a channel loss from 0 to {MAX_CHANNEL_LOSS_DB} dB (the limit), found {}",
                            figure(loss)
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// One port's positions, lanes and breakout groups.
    fn port(
        &self,
        n: usize,
        id: &str,
        port: &Port,
        at: &dyn Fn(&str) -> String,
    ) -> Result<(), InputError> {
        let err = |field: String, key: &str, message: String| {
            Err(self.entry_error("transceivers", n, id, &field, key, message))
        };
        if port.connector == PortConnector::Mpo && port.mpo_fibers.is_none() {
            return err(
                at("mpo_fibers"),
                "connector",
                "expected mpo_fibers (8, 12, 16, 24 or 32) for an MPO module".to_owned(),
            );
        }
        let positions = port.positions();
        let mut seen_tx = std::collections::HashSet::new();
        for (l, lane) in port.lanes.iter().enumerate() {
            for (name, p) in [("tx", lane.tx), ("rx", lane.rx)] {
                if p == 0 || u32::from(p) > positions {
                    return err(
                        at(&format!("lanes[{l}].{name}")),
                        "lanes",
                        format!("expected a position from 1 to {positions}, found {p}"),
                    );
                }
            }
            if !seen_tx.insert(lane.tx) {
                return err(
                    at(&format!("lanes[{l}].tx")),
                    "lanes",
                    format!("position {} is the Tx of two lanes", lane.tx),
                );
            }
        }
        let mut grouped = std::collections::HashSet::new();
        for (g, group) in port.breakout.iter().enumerate() {
            if group.is_empty() {
                return err(
                    at(&format!("breakout[{g}]")),
                    "breakout",
                    "expected at least one lane in each breakout port, found none".to_owned(),
                );
            }
            for &lane in group {
                if lane == 0 || usize::from(lane) > port.lanes.len() || !grouped.insert(lane) {
                    return err(
                        at(&format!("breakout[{g}]")),
                        "breakout",
                        format!(
                            "expected distinct lanes from 1 to {}, found {lane}",
                            port.lanes.len()
                        ),
                    );
                }
            }
        }
        Ok(())
    }

    /// The field-testing entries: losses within a part's range, reflectances
    /// from −100 to 0 dB, a table's counts rising from 1.
    fn check_field(&self, c: &CatalogFile) -> Result<(), InputError> {
        for (n, m) in c.test_methods.iter().enumerate() {
            if m.end_connections > 2 {
                return Err(self.entry_error(
                    "test_methods",
                    n,
                    &m.id,
                    "end_connections",
                    "end_connections",
                    format!(
                        "expected 0, 1 or 2 end connections (a link has two ends), found {}",
                        m.end_connections
                    ),
                ));
            }
        }
        for (n, t) in c.test_cords.iter().enumerate() {
            for (name, v) in [
                ("multimode_db", t.multimode_db),
                ("single_mode_db", t.single_mode_db),
            ] {
                if !(0.0..=MAX_PART_LOSS_DB).contains(&v) {
                    return Err(self.entry_error(
                        "test_cords",
                        n,
                        &t.id,
                        name,
                        name,
                        format!(
                            "expected a loss from 0 to {MAX_PART_LOSS_DB} dB (the limit), found {}",
                            figure(v)
                        ),
                    ));
                }
            }
        }
        let reflectance = |v: f64| (-100.0..=0.0).contains(&v);
        for (n, r) in c.reflectances.iter().enumerate() {
            for (name, v) in [("max_db", r.max_db), ("typical_db", r.typical_db)] {
                if !reflectance(v) {
                    return Err(self.entry_error(
                        "reflectances",
                        n,
                        &r.id,
                        name,
                        name,
                        format!(
                            "expected a reflectance from -100 to 0 dB, found {}",
                            figure(v)
                        ),
                    ));
                }
            }
            if r.typical_db > r.max_db {
                return Err(self.entry_error(
                    "reflectances",
                    n,
                    &r.id,
                    "typical_db",
                    "typical_db",
                    format!(
                        "typical_db {} is above max_db {}: typical must not exceed max",
                        figure(r.typical_db),
                        figure(r.max_db)
                    ),
                ));
            }
        }
        for (n, t) in c.reflectance_tables.iter().enumerate() {
            let rising = t.rows.windows(2).all(|w| w[0].count < w[1].count);
            if t.rows.is_empty() || !rising || t.rows[0].count == 0 {
                return Err(self.entry_error(
                    "reflectance_tables",
                    n,
                    &t.id,
                    "rows",
                    "rows",
                    "expected rows of counts rising from 1 or more".to_owned(),
                ));
            }
            let bad = std::iter::once(t.counted_above_db)
                .chain(t.rows.iter().map(|r| r.max_db))
                .find(|v| !reflectance(*v));
            if let Some(v) = bad {
                return Err(self.entry_error(
                    "reflectance_tables",
                    n,
                    &t.id,
                    "rows",
                    "rows",
                    format!(
                        "expected reflectances from -100 to 0 dB, found {}",
                        figure(v)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// `field` is the field holding the figures (`multimode`), or None where
    /// `max_db` and `typical_db` are the entry's own fields (a splice).
    fn loss(
        &self,
        list: &str,
        n: usize,
        id: &str,
        field: Option<&str>,
        l: LossFigures,
    ) -> Result<(), InputError> {
        for (name, v) in [("max_db", l.max_db), ("typical_db", l.typical_db)] {
            if !(0.0..=MAX_PART_LOSS_DB).contains(&v) {
                let word = field.unwrap_or(name);
                let message = format!(
                    "expected a loss from 0 to {MAX_PART_LOSS_DB} dB (the limit), found {}",
                    figure(v)
                );
                let message = match field {
                    Some(_) => format!("{name}: {message}"),
                    None => message,
                };
                return Err(self.entry_error(list, n, id, word, word, message));
            }
        }
        if l.typical_db > l.max_db {
            let word = field.unwrap_or("typical_db");
            return Err(self.entry_error(
                list,
                n,
                id,
                word,
                word,
                format!(
                    "typical_db {} is above max_db {}: typical must not exceed max",
                    l.typical_db, l.max_db
                ),
            ));
        }
        Ok(())
    }

    /// A loss model's gamma shape: finite, above 0, at most [`MAX_LOSS_SHAPE`].
    fn shape(
        &self,
        list: &str,
        n: usize,
        id: &str,
        model: Option<&LossModel>,
    ) -> Result<(), InputError> {
        let Some(shape) = model.map(|m| m.shape) else {
            return Ok(());
        };
        if shape.is_finite() && shape > 0.0 && shape <= MAX_LOSS_SHAPE {
            return Ok(());
        }
        let entry = self.entry_at(list, n, id);
        let at = entry
            .and_then(|e| locate::find_field(&self.text, e, "loss_model"))
            .and_then(|m| locate::find_field(&self.text, m, "shape"))
            .or(entry);
        Err(InputError::new(
            self.file,
            format!(
                "expected a shape above 0 and at most {MAX_LOSS_SHAPE} (the limit), found {}",
                figure(shape)
            ),
        )
        .in_entry(Some(id.to_owned()))
        .at(at.map(|o| locate::position_of(&self.text, o)))
        .field(format!("{list}[{n}].loss_model.shape")))
    }

    fn unique<'a>(&self, list: &str, ids: impl Iterator<Item = &'a str>) -> Result<(), InputError> {
        let mut seen = std::collections::HashSet::new();
        for (n, id) in ids.enumerate() {
            if !seen.insert(id.to_lowercase()) {
                // Point at the second entry with this id: the `n`th of its
                // list (its id may differ from the first's in case).
                let second = locate::nth_list_item(&self.text, 0, list, n)
                    .and_then(|item| locate::find_field(&self.text, item, "id"));
                return Err(InputError::new(
                    self.file,
                    format!("duplicate id \"{id}\" (ids match case-insensitively)"),
                )
                .at(second.map(|o| locate::position_of(&self.text, o)))
                .field(format!("{list}[{n}].id")));
            }
        }
        Ok(())
    }

    /// Byte offset of the `n`th entry of `list` (its `id:` field where it has
    /// one), or of the first entry with this id.
    fn entry_at(&self, list: &str, n: usize, id: &str) -> Option<usize> {
        locate::nth_list_item(&self.text, 0, list, n)
            .map(|item| locate::find_field(&self.text, item, "id").unwrap_or(item))
            .or_else(|| locate::find_keyed(&self.text, 0, "id", id))
    }

    /// An error about one entry's field, pointed at that field in the file.
    fn entry_error(
        &self,
        list: &str,
        n: usize,
        id: &str,
        field_path: &str,
        field_word: &str,
        message: String,
    ) -> InputError {
        let entry = self.entry_at(list, n, id);
        let at = entry
            .and_then(|e| locate::find_field(&self.text, e, field_word))
            .or(entry);
        InputError::new(self.file, message)
            .in_entry(Some(id.to_owned()))
            .at(at.map(|o| locate::position_of(&self.text, o)))
            .field(format!("{list}[{n}].{field_path}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Polish;
    use crate::model::units::FiberCount;

    fn builtin() -> Catalog {
        match Catalog::builtin() {
            Ok(c) => c,
            Err(e) => panic!("built-in catalog: {e}"),
        }
    }

    #[test]
    fn builtin_catalog_holds_part_1() {
        let c = builtin();
        assert_eq!(c.transceivers().len(), 35);
        assert_eq!(c.cassettes().len(), 3);
        assert_eq!(c.harnesses().len(), 6);
        assert_eq!(c.grades().len(), 5);
        assert_eq!(c.fibers().len(), 6);
        // Issue 13: ids other tools and scripts use.
        for id in [
            "800G-2xDR4",
            "800G-2xSR4",
            "400GBASE-SR4",
            "100GBASE-DR",
            "400G-XDR4",
            "800GBASE-DR8",
        ] {
            assert!(c.find_transceiver(id).is_some(), "{id}");
        }
        for id in ["mpo12-4xlc", "mpo12-6xlc", "mpo16-2xmpo8", "mpo24-2xmpo12"] {
            assert!(c.find_harness(id).is_some(), "{id}");
        }
        for id in ["OS1a", "OS2-io"] {
            assert!(c.find_fiber(id).is_some(), "{id}");
        }
        // Every entry lists its ports; twin-port modules two MPO-12 APC ports.
        assert!(c.transceivers().iter().all(|t| !t.ports.is_empty()));
        let twin = c.transceiver(c.find_transceiver("800G-2xDR4").expect("twin"));
        assert_eq!(twin.ports.len(), 2);
        assert!(
            twin.ports
                .iter()
                .all(|p| p.label() == "MPO-12 APC" && p.breakout.len() == 4)
        );
        // SR8 modules as clusters buy them: MPO-16 APC, with a UPC variant.
        for (id, polish) in [
            ("400GBASE-SR8", Polish::Apc),
            ("800GBASE-SR8", Polish::Apc),
            ("400GBASE-SR8-UPC", Polish::Upc),
        ] {
            let t = c.transceiver(c.find_transceiver(id).expect("sr8"));
            assert_eq!(
                (t.port_polish, t.mpo_fibers),
                (polish, Some(FiberCount::F16)),
                "{id}"
            );
        }
        let elite = c.find_grade("MTP-ELITE").map(|g| c.grade(g).multimode);
        assert_eq!(
            elite,
            Some(LossFigures {
                max_db: 0.35,
                typical_db: 0.10
            })
        );
        let sr4 = c.find_transceiver("40gbase-sr4").expect("40GBASE-SR4");
        let om4 = c.find_fiber("om4").expect("OM4");
        assert_eq!(
            c.media(sr4, om4),
            Some(MediaLimits {
                reach_m: 150.0,
                max_channel_loss_db: 1.5,
                connection_allocation_db: Some(1.0),
            })
        );
        let os2 = c.find_fiber("OS2").expect("OS2");
        assert_eq!(c.media(sr4, os2), None);
        let dr8 = c.transceiver(c.find_transceiver("800GBASE-DR8").expect("DR8"));
        assert_eq!(
            (dr8.mpo_fibers, dr8.port_polish, dr8.wavelength_nm),
            (Some(FiberCount::F16), Polish::Apc, 1310)
        );
        assert_eq!(c.attenuation_db_per_km(os2, 1310), Some(0.4));
        assert!(c.grades().iter().all(|g| !g.source.is_empty()));
        assert!(c.transceivers().iter().all(|t| !t.source.is_empty()));
    }

    #[test]
    fn user_entries_replace_by_id_and_add_new_ones() {
        let mut c = builtin();
        let user = r#"Catalog(grades: [
            Grade(id: "MTP", name: "house MTP", family: Mpo, multimode: (max_db: 0.5, typical_db: 0.2),
                  single_mode: (max_db: 0.6, typical_db: 0.3), source: "house test data"),
            Grade(id: "ulm", name: "ultra low", family: Mpo, multimode: (max_db: 0.2, typical_db: 0.1),
                  single_mode: (max_db: 0.2, typical_db: 0.1), source: "vendor"),
        ])"#;
        assert_eq!(c.merge_text("user.ron", user), Ok(()));
        assert_eq!(c.grades().len(), 6);
        let mtp = c.find_grade("mtp").map(|g| c.grade(g).multimode.max_db);
        assert_eq!(mtp, Some(0.5));
    }

    #[test]
    fn a_bad_catalog_is_refused_with_its_place() {
        let mut c = builtin();
        let bad = "Catalog(\n  grades: [\n    Grade(id: \"x\", name: \"x\", family: Mpo,\n      multimode: (max_db: 0.2, typical_db: 0.3),\n      single_mode: (max_db: 0.2, typical_db: 0.1), source: \"s\"),\n  ],\n)\n";
        let err = c
            .merge_text("user.ron", bad)
            .expect_err("typical above max");
        assert_eq!(
            err.to_string(),
            "user.ron:4:7: entry \"x\" field `grades[0].multimode`: typical_db 0.3 is above max_db 0.2: typical must not exceed max"
        );
        let unknown_fiber = "Catalog(transceivers: [Transceiver(id: \"t\", name: \"t\", wavelength_nm: 850, mpo_fibers: 12,\n fibers_used: 8, port_polish: Upc, media: [(fiber: \"OM6\", reach_m: 10.0, max_channel_loss_db: 1.0)], source: \"s\")])";
        let err = c
            .merge_text("user.ron", unknown_fiber)
            .expect_err("unknown fiber");
        assert!(
            err.to_string()
                .contains("unknown fiber \"OM6\"; known fibers nearest to it: OM3"),
            "{err}"
        );
        let syntax = "Catalog(grades: [Grade(id: \"x\" name: \"y\")])";
        let err = c.merge_text("user.ron", syntax).expect_err("syntax");
        assert!(err.to_string().starts_with("user.ron:1:"), "{err}");
    }
}
