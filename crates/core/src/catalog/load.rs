//! Reading catalog files: the embedded defaults and a user's file over them.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{
    CassetteKind, Catalog, Fiber, Grade, LossFigures, LossModel, MediaLimits, PortConnector,
    SpliceGrade, Transceiver, nearest_ids,
};
use crate::io::error::{InputError, display_name};
use crate::io::locate;
use crate::io::ron_format;

/// The largest loss of one mated pair or one splice a catalog may give, dB.
pub const MAX_PART_LOSS_DB: f64 = 100.0;
/// The largest cabled attenuation, dB/km.
pub const MAX_ATTENUATION_DB_PER_KM: f64 = 1_000.0;
/// The longest reach of a transceiver over a fiber, m (100 km).
pub const MAX_REACH_M: f64 = 100_000.0;
/// The largest channel loss a transceiver may allow, dB.
pub const MAX_CHANNEL_LOSS_DB: f64 = 100.0;
/// The largest gamma shape of a loss model (it must also be above 0).
pub const MAX_LOSS_SHAPE: f64 = 1_000.0;
/// The shape of the loss model a new grade or splice without one gets (every
/// built-in grade and splice uses it).
pub const DEFAULT_LOSS_SHAPE: f64 = 2.0;

const BUILTIN: [(&str, &str); 4] = [
    (
        "catalog/grades.ron",
        include_str!("../../../../catalog/grades.ron"),
    ),
    (
        "catalog/fibers.ron",
        include_str!("../../../../catalog/fibers.ron"),
    ),
    (
        "catalog/transceivers.ron",
        include_str!("../../../../catalog/transceivers.ron"),
    ),
    (
        "catalog/cassettes.ron",
        include_str!("../../../../catalog/cassettes.ron"),
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
        for (n, t) in parsed.transceivers.iter().enumerate() {
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
        for t in parsed.transceivers {
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
                        });
                    }
                }
                row
            })
            .collect();
        self.media = rows;
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
            if t.connector == PortConnector::Mpo && t.mpo_fibers.is_none() {
                return Err(self.entry_error(
                    "transceivers",
                    n,
                    &t.id,
                    "mpo_fibers",
                    "connector",
                    "expected mpo_fibers (8, 12, 16, 24 or 32) for an MPO module".to_owned(),
                ));
            }
            let positions = t.port_positions();
            if t.fibers_used > positions {
                return Err(self.entry_error(
                    "transceivers",
                    n,
                    &t.id,
                    "fibers_used",
                    "fibers_used",
                    format!(
                        "expected at most the {positions} positions of its {} port, found {}",
                        t.port_label(),
                        t.fibers_used
                    ),
                ));
            }
            let mut seen_tx = std::collections::HashSet::new();
            for (l, lane) in t.lanes.iter().enumerate() {
                for (name, p) in [("tx", lane.tx), ("rx", lane.rx)] {
                    if p == 0 || u32::from(p) > positions {
                        return Err(self.entry_error(
                            "transceivers",
                            n,
                            &t.id,
                            &format!("lanes[{l}].{name}"),
                            "lanes",
                            format!("expected a position from 1 to {positions}, found {p}"),
                        ));
                    }
                }
                if !seen_tx.insert(lane.tx) {
                    return Err(self.entry_error(
                        "transceivers",
                        n,
                        &t.id,
                        &format!("lanes[{l}].tx"),
                        "lanes",
                        format!("position {} is the Tx of two lanes", lane.tx),
                    ));
                }
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
        assert_eq!(c.transceivers().len(), 19);
        assert_eq!(c.cassettes().len(), 3);
        assert_eq!(c.grades().len(), 5);
        assert_eq!(c.fibers().len(), 4);
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
                max_channel_loss_db: 1.5
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
