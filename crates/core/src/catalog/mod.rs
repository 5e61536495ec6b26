//! The catalog: every figure the program uses, read from `catalog/*.ron`.
//!
//! The built-in files are embedded; a user catalog of the same shape adds to or
//! replaces entries by id. Ids match case-insensitively.

pub mod prices;

mod entries;
mod field;
mod load;

use crate::hash::Map as HashMap;

pub use entries::{
    CassetteKind, ChannelTemplate, ConnectorFamily, Fiber, FiberMode, Grade, HarnessKind,
    HarnessLeg, LaneMap, LossFigures, LossModel, Media, ModuleKind, Port, PortConnector, PortMap,
    SpliceGrade, TemplateShape, Transceiver,
};
pub use field::{
    ConnectorReflectance, DesignMargin, ReflectanceRow, ReflectanceTable, TestCord, TestMethod,
};
pub use load::{CatalogFile, MAX_MARGIN_DB};

/// The splice the design's `Splice` elements and in-cable splices use when they name none.
pub const DEFAULT_SPLICE_ID: &str = "fusion";

macro_rules! id_type {
    ($name:ident) => {
        /// Index of an entry in the loaded catalog.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub(crate) u16);

        impl $name {
            pub fn index(self) -> usize {
                usize::from(self.0)
            }
        }
    };
}

id_type!(GradeId);
id_type!(SpliceId);
id_type!(FiberId);
id_type!(TransceiverId);
id_type!(CassetteId);
id_type!(HarnessId);

/// One kind of catalog entry, with its case-insensitive id index.
#[derive(Debug, Clone)]
struct Table<T> {
    entries: Vec<T>,
    by_id: HashMap<String, u16>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            by_id: HashMap::default(),
        }
    }
}

impl<T> Table<T> {
    fn get(&self, i: usize) -> &T {
        &self.entries[i]
    }

    fn find(&self, id: &str) -> Option<u16> {
        // A large design looks ids up millions of times: a short ASCII id is
        // lowered on the stack instead of in a new string.
        let mut buf = [0u8; 64];
        if id.is_ascii() && id.len() <= buf.len() {
            let lower = &mut buf[..id.len()];
            lower.copy_from_slice(id.as_bytes());
            lower.make_ascii_lowercase();
            return std::str::from_utf8(lower)
                .ok()
                .and_then(|l| self.by_id.get(l))
                .copied();
        }
        self.by_id.get(&id.to_lowercase()).copied()
    }

    /// Adds the entry, or replaces the one with the same id.
    fn upsert(&mut self, id: &str, entry: T) {
        match self.find(id) {
            Some(i) => self.entries[usize::from(i)] = entry,
            None => {
                let i = u16::try_from(self.entries.len()).unwrap_or(u16::MAX);
                self.by_id.insert(id.to_lowercase(), i);
                self.entries.push(entry);
            }
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Catalog {
    grades: Table<Grade>,
    splices: Table<SpliceGrade>,
    fibers: Table<Fiber>,
    transceivers: Table<Transceiver>,
    cassettes: Table<CassetteKind>,
    harnesses: Table<HarnessKind>,
    templates: Table<ChannelTemplate>,
    test_methods: Table<TestMethod>,
    test_cords: Table<TestCord>,
    reflectances: Table<ConnectorReflectance>,
    reflectance_tables: Table<ReflectanceTable>,
    margins: Table<DesignMargin>,
    /// Per transceiver, per fiber index: what it allows on that fiber.
    media: Vec<Vec<Option<MediaLimits>>>,
    /// Per transceiver: its reflectance table's index, found once (every
    /// link's budget asks for it).
    module_reflectance_tables: Vec<Option<u16>>,
    /// Per transceiver, per fiber index: the fiber's cabled attenuation at
    /// the transceiver's wavelength (asked for every cable of every link;
    /// kept here, not in each resolved cable: 16 bytes a cable).
    module_attenuation: Vec<Vec<Option<f64>>>,
}

/// A transceiver's limits over one fiber type, resolved for the budget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MediaLimits {
    pub reach_m: f64,
    pub max_channel_loss_db: f64,
    /// See [`Media::connection_allocation_db`].
    pub connection_allocation_db: Option<f64>,
}

impl Catalog {
    pub fn grade(&self, id: GradeId) -> &Grade {
        self.grades.get(id.index())
    }
    pub fn splice(&self, id: SpliceId) -> &SpliceGrade {
        self.splices.get(id.index())
    }
    pub fn fiber(&self, id: FiberId) -> &Fiber {
        self.fibers.get(id.index())
    }
    pub fn transceiver(&self, id: TransceiverId) -> &Transceiver {
        self.transceivers.get(id.index())
    }

    pub fn cassette(&self, id: CassetteId) -> &CassetteKind {
        self.cassettes.get(id.index())
    }
    pub fn cassettes(&self) -> &[CassetteKind] {
        &self.cassettes.entries
    }
    pub fn find_cassette(&self, id: &str) -> Option<CassetteId> {
        self.cassettes.find(id).map(CassetteId)
    }

    pub fn harness(&self, id: HarnessId) -> &HarnessKind {
        self.harnesses.get(id.index())
    }
    pub fn harnesses(&self) -> &[HarnessKind] {
        &self.harnesses.entries
    }
    pub fn find_harness(&self, id: &str) -> Option<HarnessId> {
        self.harnesses.find(id).map(HarnessId)
    }

    pub fn test_cords(&self) -> &[TestCord] {
        &self.test_cords.entries
    }
    pub fn test_methods(&self) -> &[TestMethod] {
        &self.test_methods.entries
    }
    pub fn find_test_method(&self, id: &str) -> Option<&TestMethod> {
        self.test_methods
            .find(id)
            .map(|i| self.test_methods.get(usize::from(i)))
    }

    /// The test cord figure for connectors of `family`.
    pub fn test_cord(&self, family: ConnectorFamily) -> Option<&TestCord> {
        self.test_cords.entries.iter().find(|c| c.family == family)
    }

    /// The reflectance of a mated pair of `polish` in fiber of `mode`.
    pub fn reflectance(
        &self,
        polish: crate::model::Polish,
        mode: FiberMode,
    ) -> Option<&ConnectorReflectance> {
        self.reflectances
            .entries
            .iter()
            .find(|r| r.polish == polish && r.mode == mode)
    }
    pub fn reflectances(&self) -> &[ConnectorReflectance] {
        &self.reflectances.entries
    }

    /// The reflectance table the module is judged by, where it has one.
    pub fn module_reflectance_table(&self, t: TransceiverId) -> Option<&ReflectanceTable> {
        self.module_reflectance_tables
            .get(t.index())
            .copied()
            .flatten()
            .map(|i| self.reflectance_tables.get(usize::from(i)))
    }
    pub fn find_reflectance_table(&self, id: &str) -> Option<&ReflectanceTable> {
        self.reflectance_tables
            .find(id)
            .map(|i| self.reflectance_tables.get(usize::from(i)))
    }
    pub fn reflectance_tables(&self) -> &[ReflectanceTable] {
        &self.reflectance_tables.entries
    }

    /// A design margin by id (`selection-default`: the margin connector
    /// selection starts from).
    /// The grade of this id by its short name ("MTP Elite"), or the id
    /// itself where the catalog has no such grade.
    pub fn grade_short_name(&self, id: &str) -> String {
        self.find_grade(id)
            .map_or_else(|| id.to_owned(), |g| self.grade(g).short_name().to_owned())
    }

    pub fn margins(&self) -> &[DesignMargin] {
        &self.margins.entries
    }
    pub fn margin(&self, id: &str) -> Option<&DesignMargin> {
        self.margins
            .find(id)
            .map(|i| self.margins.get(usize::from(i)))
    }

    pub fn templates(&self) -> &[ChannelTemplate] {
        &self.templates.entries
    }
    pub fn find_template(&self, id: &str) -> Option<&ChannelTemplate> {
        self.templates
            .find(id)
            .map(|i| self.templates.get(usize::from(i)))
    }

    pub fn grades(&self) -> &[Grade] {
        &self.grades.entries
    }
    pub fn splices(&self) -> &[SpliceGrade] {
        &self.splices.entries
    }
    pub fn fibers(&self) -> &[Fiber] {
        &self.fibers.entries
    }
    pub fn transceivers(&self) -> &[Transceiver] {
        &self.transceivers.entries
    }

    pub fn find_grade(&self, id: &str) -> Option<GradeId> {
        self.grades.find(id).map(GradeId)
    }
    pub fn find_splice(&self, id: &str) -> Option<SpliceId> {
        self.splices.find(id).map(SpliceId)
    }
    pub fn find_fiber(&self, id: &str) -> Option<FiberId> {
        self.fibers.find(id).map(FiberId)
    }
    pub fn find_transceiver(&self, id: &str) -> Option<TransceiverId> {
        self.transceivers.find(id).map(TransceiverId)
    }

    /// The transceiver's limits over that fiber, or `None` where it does not support it.
    pub fn media(&self, transceiver: TransceiverId, fiber: FiberId) -> Option<MediaLimits> {
        self.media
            .get(transceiver.index())
            .and_then(|row| row.get(fiber.index()))
            .copied()
            .flatten()
    }

    /// Cabled attenuation of the fiber at the wavelength of the module, where
    /// the catalog gives one: [`Self::attenuation_db_per_km`], found once.
    pub fn module_attenuation_db_per_km(
        &self,
        module: TransceiverId,
        fiber: FiberId,
    ) -> Option<f64> {
        self.module_attenuation
            .get(module.index())
            .and_then(|row| row.get(fiber.index()))
            .copied()
            .flatten()
    }

    /// Cabled attenuation of the fiber at the wavelength, where the catalog gives one.
    pub fn attenuation_db_per_km(&self, fiber: FiberId, wavelength_nm: u32) -> Option<f64> {
        self.fiber(fiber)
            .attenuation_db_per_km
            .get(&wavelength_nm)
            .copied()
    }
}

/// Up to three known ids nearest to an unknown one, for error messages.
pub fn nearest_ids<'a>(unknown: &str, known: impl Iterator<Item = &'a str>) -> Vec<String> {
    let wanted = unknown.to_lowercase();
    // Ids that contain the typed text (or are contained in it) come first.
    let mut scored: Vec<(bool, usize, &str)> = known
        .map(|id| {
            let lower = id.to_lowercase();
            let contains =
                !wanted.is_empty() && (lower.contains(&wanted) || wanted.contains(&lower));
            (!contains, edit_distance(&wanted, &lower), id)
        })
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(3)
        .map(|(_, _, id)| id.to_owned())
        .collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_ids_put_the_likely_typo_first() {
        let known = [
            "40GBASE-SR4",
            "100GBASE-SR4",
            "100GBASE-SR10",
            "400GBASE-DR4",
        ];
        let near = nearest_ids("100GBASE-SR", known.into_iter());
        assert_eq!(near[0], "100GBASE-SR4");
        assert_eq!(near.len(), 3);
        assert_eq!(
            nearest_ids("mtp-elit", ["mpo", "mtp", "mtp-elite"].into_iter())[0],
            "mtp-elite"
        );
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("om4", "om3"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
