//! Links of one shape judged once. A data hall repeats a few shapes of
//! channel: the same modules over the same run of cords, trunks and
//! adapters. What sets one link apart from another of its shape is its cables'
//! lengths and splices and its connectors' grades (within their family).
//! Every check but the loss and reach limits depends on the shape alone, and
//! the budget's sum is the same list of terms with the lengths and mated
//! pairs filled in. So a [`Judge`] makes a shape's checks once, on its first
//! link, and for each further link only sums its terms and holds the sums to
//! the limits: the same verdict as [`verdict`], without tracing the lanes,
//! checking the mates or walking the path again.
//!
//! A shape is a path of plain cables, adapters and splices (a shared trunk or
//! panel expanded to them counts); a link with a cassette, harness, LC cord
//! or legs is judged on its own by [`verdict`].

use std::hash::{Hash, Hasher};

use crate::analysis::budget::{
    self, BudgetDetail, ChannelLimits, Findings, Part, budget_into, fiber_loss_db, mated_pair,
};
use crate::analysis::link::{Verdict, coded_verdict, verdict};
use crate::analysis::polarity::check_into;
use crate::analysis::resolve::{ResolvedCable, ResolvedElement, ResolvedLink};
use crate::catalog::{Catalog, FiberMode, GradeId, LossFigures};
use crate::hash::Map;
use crate::model::{Adapter, Cable, Element, Link, Splice};

/// The longest path kept as a shape; longer ones are judged on their own.
const MAX_ELEMENTS: usize = 15;
/// The most shapes one judge keeps: a design whose links are all of
/// different shapes costs at most this many shapes' memory, and its other
/// links are judged on their own.
const MAX_SHAPES: usize = 4_096;

/// Judges links one after another, each shape's checks made once.
pub struct Judge<'c> {
    catalog: &'c Catalog,
    /// Each shape met, by its key: its place in `shapes`.
    places: Map<ShapeKey, u32>,
    shapes: Vec<Shape>,
    /// The key of the link being judged, written in place for each link.
    key: ShapeKey,
    pairs: PairLosses,
}

impl<'c> Judge<'c> {
    pub fn new(catalog: &'c Catalog) -> Self {
        Self {
            catalog,
            places: Map::default(),
            shapes: Vec::new(),
            key: ShapeKey {
                words: [0; MAX_ELEMENTS + 2],
                mixed: 0,
            },
            pairs: PairLosses::default(),
        }
    }

    /// The link's verdict: equal to [`verdict`]'s.
    pub fn verdict(&mut self, link: &Link, resolved: &ResolvedLink) -> Verdict {
        let catalog = self.catalog;
        let channel = resolved.channel(link);
        match self.shape(channel, resolved) {
            Some(place) => self.shapes[place]
                .verdict(catalog, &mut self.pairs, channel, resolved)
                .with_infra(resolved),
            None => verdict(catalog, link, resolved),
        }
    }

    /// The link's verdict with its problem codes: equal to
    /// [`coded_verdict`]'s (`None` for a link with legs).
    pub fn coded_verdict(
        &mut self,
        link: &Link,
        resolved: &ResolvedLink,
    ) -> Option<(Verdict, Vec<&'static str>)> {
        let catalog = self.catalog;
        let channel = resolved.channel(link);
        match self.shape(channel, resolved) {
            Some(place) => {
                let shape = &self.shapes[place];
                Some(shape.coded_verdict(catalog, &mut self.pairs, channel, resolved))
            }
            None => coded_verdict(catalog, link, resolved),
        }
    }

    /// The catalog it judges by.
    pub fn catalog(&self) -> &'c Catalog {
        self.catalog
    }

    /// How many shapes it keeps (the first [`MAX_SHAPES`] it met).
    pub fn shapes(&self) -> usize {
        self.shapes.len()
    }

    /// The place in `shapes` of `link`'s shape (`link` a channel), its
    /// checks made if it is new; `None` for a link not of a shape, or a new
    /// shape past the most kept.
    fn shape(&mut self, link: &Link, resolved: &ResolvedLink) -> Option<usize> {
        if !self.key.fill(self.catalog, link, resolved) {
            return None;
        }
        let place = match self.places.get(&self.key) {
            Some(&place) => place,
            None if self.shapes.len() >= MAX_SHAPES => return None,
            None => {
                let place = u32::try_from(self.shapes.len()).ok()?;
                self.shapes.push(Shape::of(self.catalog, link, resolved));
                self.places.insert(self.key.clone(), place);
                place
            }
        };
        Some(place as usize)
    }
}

/// The most grades whose pairs a [`PairLosses`] keeps (a catalog of more has
/// the rest rated pair by pair): 32² pairs in two modes, 48 KB.
const MAX_PAIRED_GRADES: usize = 32;

/// The loss of a mated pair of each two grades in each fiber mode, each
/// rated on first meeting. Rating a pair picks the worse of its two grades:
/// a comparison whose outcome, link after link, the processor cannot guess
/// (measured: one wrong guess a link, about 15 cycles each). Here it is one
/// read.
#[derive(Default)]
struct PairLosses {
    /// By mode, then the near grade, then the far: empty until first used.
    losses: Vec<Option<LossFigures>>,
}

impl PairLosses {
    fn loss(&mut self, catalog: &Catalog, a: GradeId, b: GradeId, mode: FiberMode) -> LossFigures {
        let rated = || mated_pair(catalog, a, b, mode).loss;
        let n = catalog.grades().len();
        let (a_at, b_at) = (a.index(), b.index());
        if n > MAX_PAIRED_GRADES || a_at >= n || b_at >= n {
            return rated();
        }
        if self.losses.is_empty() {
            self.losses = vec![None; 2 * n * n];
        }
        let mode_at = match mode {
            FiberMode::Multimode => 0,
            FiberMode::SingleMode => 1,
        };
        match self.losses.get_mut((mode_at * n + a_at) * n + b_at) {
            Some(kept) => *kept.get_or_insert_with(rated),
            None => rated(),
        }
    }
}

/// Everything the shape-only checks read of a link, one word per path
/// element: the modules, the port, the link's fiber and splice, and each
/// element's kind with what the trace, the mate checks and the budget's
/// rules read of it. Lengths, splice counts and grades (but their family)
/// are left out: they are each link's own.
#[derive(Clone)]
struct ShapeKey {
    words: [u64; MAX_ELEMENTS + 2],
    /// The words in use mixed into one, as they are written: the map
    /// hashes this one word, not the key's 72-136 bytes.
    mixed: u64,
}

impl ShapeKey {
    /// The words in use: the header's two and one per element (the path's
    /// length is in the header, so keys of different lengths differ there).
    fn used(&self) -> &[u64] {
        let n = (self.words[1] >> 8) as usize;
        &self.words[..(2 + n).min(self.words.len())]
    }
}

impl PartialEq for ShapeKey {
    fn eq(&self, other: &Self) -> bool {
        self.mixed == other.mixed && self.used() == other.used()
    }
}

impl Eq for ShapeKey {}

impl Hash for ShapeKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.mixed);
    }
}

/// One more word mixed into `mixed` (a multiply and rotate, as FxHash
/// does: the map's own hasher then spreads the result).
fn mix(mixed: u64, word: u64) -> u64 {
    (mixed.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

impl ShapeKey {
    /// The key of `link`, written over this one; false for a link that is
    /// not of a shape (see the module's note), leaving this key unusable.
    fn fill(&mut self, catalog: &Catalog, link: &Link, resolved: &ResolvedLink) -> bool {
        // Every field named, here and below, so a new one must be placed in
        // the key or among each link's own. The link's module and fiber
        // names are in the key as their resolved ids; its id, count and
        // labels are only named in sentences.
        let Link {
            id: _,
            count: _,
            transceiver: _,
            port: _,
            far_transceiver: _,
            fiber: _,
            path,
            legs,
            labels: _,
        } = link;
        let ResolvedLink {
            transceiver,
            port,
            far_transceiver,
            fiber,
            default_splice,
            elements,
            legs: resolved_legs,
            // The channel is the expansion; the shared parts' problems are
            // each link's own.
            expanded: _,
            infra_problems: _,
        } = resolved;
        let n = path.len();
        if n == 0
            || n > MAX_ELEMENTS
            || elements.len() != n
            || !legs.is_empty()
            || !resolved_legs.is_empty()
        {
            return false;
        }
        let words = &mut self.words;
        words[0] = u64::from(transceiver.0)
            | u64::from(far_transceiver.0) << 16
            | u64::from(fiber.0) << 32
            | u64::from(default_splice.0) << 48;
        words[1] = u64::from(*port) | (n as u64) << 8;
        let mut mixed = mix(mix(0, words[0]), words[1]);
        for (word, (element, r)) in words[2..].iter_mut().zip(path.iter().zip(elements)) {
            *word = match (element, r) {
                (Element::Cable(cable), ResolvedElement::Cable(rc)) => {
                    let Cable {
                        // Read by the fix search only, not by a check.
                        role: _,
                        length_m: _,
                        fibers,
                        polarity,
                        ends,
                        grade: _,
                        fiber: _,
                        polish: _,
                        splices: _,
                    } = cable;
                    let ResolvedCable {
                        fiber,
                        grade,
                        polish,
                    } = rc;
                    let family = catalog.grade(*grade).family;
                    1 | u64::from(fiber.0) << 4
                        | field(*polish as u64, 2) << 20
                        | field(family as u64, 2) << 22
                        | field(*fibers as u64, 4) << 24
                        | field(*polarity as u64, 2) << 28
                        | field(ends.0 as u64, 1) << 30
                        | field(ends.1 as u64, 1) << 31
                }
                (Element::Adapter(adapter), ResolvedElement::Adapter) => {
                    let Adapter { keys } = adapter;
                    2 | field(*keys as u64, 8) << 4
                }
                (Element::Splice(splice), ResolvedElement::Splice(id)) => {
                    let Splice { grade: _ } = splice;
                    3 | u64::from(id.0) << 4
                }
                _ => return false,
            };
            mixed = mix(mixed, *word);
        }
        self.mixed = mixed;
        true
    }
}

/// A value of a key's field, which must fit in its `bits`: an enum given a
/// variant past them needs its field widened (tests run with this checked).
fn field(value: u64, bits: u32) -> u64 {
    debug_assert!(value < 1 << bits, "{value} is wider than {bits} bits");
    value
}

/// A shape's checks, made on its first link.
struct Shape {
    /// The budget's terms in the order it adds them (a list made at its
    /// size, not shrunk: no second allocation).
    terms: Vec<Term>,
    mated_pairs: u32,
    /// Splices of the path (a cable's own are each link's).
    splice_elements: u32,
    /// The loss of one splice inside a cable.
    in_cable_splice: LossFigures,
    limits: ChannelLimits,
    /// The budget's findings but the limits' ([`Findings::limits`]), counted.
    budget: Findings,
    /// The polarity and mate findings, counted.
    polarity: Findings,
    /// The codes of the budget's findings made before its limits are
    /// judged, and after; of the polarity's.
    codes: [Box<[&'static str]>; 3],
}

#[derive(Debug, Clone, Copy)]
enum Term {
    /// A cable's fiber (and its own splices).
    Fiber {
        element: usize,
        attenuation_db_per_km: f64,
    },
    /// The mated pair at an adapter, rated from the grades on each side.
    MatedPair { element: usize, mode: FiberMode },
    /// A splice of the path.
    Splice(LossFigures),
}

impl Shape {
    fn of(catalog: &Catalog, link: &Link, resolved: &ResolvedLink) -> Self {
        let mut found = Findings::coded();
        let mut detail = BudgetDetail {
            breakdown: Vec::with_capacity(link.path.len() + 2),
            reflectance: None,
        };
        let totals = budget_into(catalog, link, resolved, &mut found, Some(&mut detail));
        // The first link's own limit findings left out; the others kept
        // in their order, around the place the limits' go.
        let problems_found = found.kept_count();
        let limits = found.limits().unwrap_or(problems_found..problems_found);
        let mut budget = Findings::counted();
        let (mut before, mut after) = (Vec::new(), Vec::new());
        for (k, p) in found.into_problems().into_iter().enumerate() {
            if limits.contains(&k) {
                continue;
            }
            budget.add(p.code, p.element, p.severity, String::new);
            if k < limits.start {
                before.push(p.code);
            } else {
                after.push(p.code);
            }
        }
        let mut found = Findings::coded();
        check_into(catalog, link, resolved, &mut found, None);
        let mut polarity = Findings::counted();
        let mut polarity_codes = Vec::new();
        for p in found.into_problems() {
            polarity.add(p.code, p.element, p.severity, String::new);
            polarity_codes.push(p.code);
        }
        let mut splice_elements = 0;
        let mut terms = Vec::with_capacity(detail.breakdown.len());
        terms.extend(detail.breakdown.iter().filter_map(|item| match item.part {
            Part::Fiber {
                attenuation_db_per_km,
                ..
            } => Some(Term::Fiber {
                element: item.element,
                attenuation_db_per_km,
            }),
            Part::MatedPair { mode, .. } => Some(Term::MatedPair {
                element: item.element,
                mode,
            }),
            // A cable's own splices follow its fiber (see `verdict`).
            Part::Splices { .. }
                if matches!(link.path.get(item.element), Some(Element::Cable(_))) =>
            {
                None
            }
            Part::Splices { count, .. } => {
                splice_elements += count;
                Some(Term::Splice(LossFigures {
                    max_db: item.worst_case_db,
                    typical_db: item.typical_db,
                }))
            }
        }));
        Shape {
            terms,
            mated_pairs: totals.mated_pairs,
            splice_elements,
            in_cable_splice: catalog.splice(resolved.default_splice).loss(),
            limits: budget::channel_limits(catalog, resolved),
            budget,
            polarity,
            codes: [before.into(), after.into(), polarity_codes.into()],
        }
    }

    /// A link of this shape judged: its budget's totals, held to the limits.
    fn verdict(
        &self,
        catalog: &Catalog,
        pairs: &mut PairLosses,
        link: &Link,
        resolved: &ResolvedLink,
    ) -> Verdict {
        let totals = self.totals(catalog, pairs, link, resolved);
        let mut budget = self.budget.clone();
        (self.limits).judge(catalog, resolved.fiber, &totals, &mut budget);
        Verdict::of(totals, &budget, &self.polarity)
    }

    /// As [`Self::verdict`], with the problem codes in [`coded_verdict`]'s
    /// order: the budget's (its limits' in their place), the shared
    /// parts', the polarity's.
    fn coded_verdict(
        &self,
        catalog: &Catalog,
        pairs: &mut PairLosses,
        link: &Link,
        resolved: &ResolvedLink,
    ) -> (Verdict, Vec<&'static str>) {
        let totals = self.totals(catalog, pairs, link, resolved);
        let mut limits = Findings::coded();
        (self.limits).judge(catalog, resolved.fiber, &totals, &mut limits);
        let limits = limits.into_problems();
        let mut budget = self.budget.clone();
        for p in &limits {
            budget.add(p.code, p.element, p.severity, String::new);
        }
        let verdict = Verdict::of(totals, &budget, &self.polarity).with_infra(resolved);
        let [before, after, polarity] = &self.codes;
        let codes = (before.iter().copied())
            .chain(limits.iter().map(|p| p.code))
            .chain(after.iter().copied())
            .chain(resolved.infra_problems.iter().map(|p| p.code))
            .chain(polarity.iter().copied())
            .collect();
        (verdict, codes)
    }

    /// A link of this shape's budget totals: its terms summed in the
    /// budget's order, so the figures are the budget's to the last bit.
    fn totals(
        &self,
        catalog: &Catalog,
        pairs: &mut PairLosses,
        link: &Link,
        resolved: &ResolvedLink,
    ) -> budget::BudgetTotals {
        let (mut worst, mut typical, mut length_m, mut connections) = (0.0, 0.0, 0.0, 0.0);
        let mut splices = self.splice_elements;
        let mut connection = |loss: LossFigures, worst: &mut f64, typical: &mut f64| {
            *worst += loss.max_db;
            connections += loss.max_db;
            *typical += loss.typical_db;
        };
        for term in &self.terms {
            match *term {
                Term::Fiber {
                    element,
                    attenuation_db_per_km,
                } => {
                    // The key makes every fiber term's element a cable.
                    let Some(Element::Cable(cable)) = link.path.get(element) else {
                        debug_assert!(false, "fiber term at a cable");
                        continue;
                    };
                    let len = cable.length_m.get();
                    length_m += len;
                    let db = fiber_loss_db(len, attenuation_db_per_km);
                    worst += db;
                    typical += db;
                    if cable.splices > 0 {
                        splices += cable.splices;
                        let n = f64::from(cable.splices);
                        let s = self.in_cable_splice;
                        connection(
                            LossFigures {
                                max_db: n * s.max_db,
                                typical_db: n * s.typical_db,
                            },
                            &mut worst,
                            &mut typical,
                        );
                    }
                }
                Term::MatedPair { element, mode } => {
                    // The key makes an adapter's neighbours cables.
                    let grade = |j: usize| resolved.elements.get(j)?.far_grade();
                    let (Some(a), Some(b)) = (grade(element.wrapping_sub(1)), grade(element + 1))
                    else {
                        debug_assert!(false, "mated pair between cables");
                        continue;
                    };
                    connection(pairs.loss(catalog, a, b, mode), &mut worst, &mut typical);
                }
                Term::Splice(loss) => connection(loss, &mut worst, &mut typical),
            }
        }
        budget::BudgetTotals {
            length_m,
            mated_pairs: self.mated_pairs,
            splices,
            worst_case_loss_db: worst,
            typical_loss_db: typical,
            connection_loss_db: connections,
            standard_model_db: self.limits.standard_model_db,
            limits: self.limits.limits,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::resolve::resolve_link;
    use crate::model::units::{FiberCount, LengthM};
    use crate::model::{AdapterKeys, CableRole, Gender, PolarityType, Polish};

    fn catalog() -> Catalog {
        Catalog::builtin().unwrap_or_else(|e| panic!("{e}"))
    }

    /// A small deterministic generator for the changes below.
    struct Dice(u64);
    impl Dice {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) % n.max(1) as u64) as usize
        }
        fn chance(&mut self, percent: usize) -> bool {
            self.below(100) < percent
        }
        fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
            &items[self.below(items.len())]
        }
    }

    /// One link changed as a designer (or a bad file) might: mostly what
    /// keeps its shape (lengths, splices, grades), sometimes what does not.
    fn changed(c: &Catalog, mut link: Link, dice: &mut Dice) -> Link {
        // One link in four changes its shape; the others only their own figures.
        let reshape = dice.chance(25);
        let grades: Vec<&str> = c.grades().iter().map(|g| g.id.as_str()).collect();
        let mpo_grades: Vec<&str> = (c.grades().iter())
            .filter(|g| g.family == crate::catalog::ConnectorFamily::Mpo)
            .map(|g| g.id.as_str())
            .collect();
        let fibers: Vec<&str> = c.fibers().iter().map(|f| f.id.as_str()).collect();
        let modules: Vec<&str> = c.transceivers().iter().map(|t| t.id.as_str()).collect();
        let splices: Vec<&str> = c.splices().iter().map(|s| s.id.as_str()).collect();
        for element in &mut link.path {
            match element {
                Element::Cable(cable) => {
                    if dice.chance(40) {
                        cable.length_m =
                            LengthM::new(dice.below(600) as f64 * 0.5).unwrap_or_default();
                    }
                    if dice.chance(20) {
                        cable.splices = dice.below(4) as u32;
                    }
                    if dice.chance(30) {
                        // Another family (an LC grade on an MPO cable) is another shape.
                        let from = if reshape { &grades } else { &mpo_grades };
                        cable.grade = (*dice.pick(from)).to_owned();
                    }
                    if reshape && dice.chance(4) {
                        cable.fiber = Some((*dice.pick(&fibers)).to_owned());
                    }
                    if reshape && dice.chance(4) {
                        cable.polish = *dice.pick(&[None, Some(Polish::Upc), Some(Polish::Apc)]);
                    }
                    if reshape && dice.chance(4) {
                        let g = [Gender::Male, Gender::Female];
                        cable.ends = (*dice.pick(&g), *dice.pick(&g));
                    }
                    if reshape && dice.chance(4) {
                        cable.polarity =
                            *dice.pick(&[PolarityType::A, PolarityType::B, PolarityType::C]);
                    }
                    if reshape && dice.chance(3) {
                        cable.fibers = *dice.pick(&FiberCount::ALL);
                    }
                    if reshape && dice.chance(3) {
                        cable.role = *dice.pick(&[CableRole::Cord, CableRole::Trunk]);
                    }
                }
                Element::Adapter(adapter) if reshape && dice.chance(4) => {
                    adapter.keys = *dice.pick(&[AdapterKeys::UpDown, AdapterKeys::UpUp]);
                }
                _ => {}
            }
        }
        if reshape && dice.chance(4) {
            let at = dice.below(link.path.len() + 1);
            let grade = dice.chance(50).then(|| (*dice.pick(&splices)).to_owned());
            link.path.insert(at, Element::Splice(Splice { grade }));
        }
        if reshape && dice.chance(3) && !link.path.is_empty() {
            let at = dice.below(link.path.len());
            link.path.remove(at);
        }
        if reshape && dice.chance(3) {
            link.fiber = (*dice.pick(&fibers)).to_owned();
        }
        if reshape && dice.chance(4) {
            link.far_transceiver = Some((*dice.pick(&modules)).to_owned());
        }
        if reshape && dice.chance(3) {
            link.port = 1 + dice.below(4) as u8;
        }
        link
    }

    #[test]
    fn a_judge_gives_every_link_the_verdict_it_has_on_its_own() {
        let c = catalog();
        let mut judged = 0;
        let mut failing = [0usize; 3];
        for seed in 1..=4u64 {
            let mut dice = Dice(seed);
            let design = crate::model::synthetic::synthetic_design(&c, 1_500, seed);
            let (mut judge, mut coding) = (Judge::new(&c), Judge::new(&c));
            let before = judged;
            for link in design.links {
                let link = changed(&c, *link, &mut dice);
                let Ok(r) = resolve_link(&c, &link) else {
                    continue;
                };
                let alone = verdict(&c, &link, &r);
                assert_eq!(judge.verdict(&link, &r), alone, "seed {seed}, {link:?}");
                let coded = coded_verdict(&c, &link, &r);
                assert_eq!(
                    coding.coded_verdict(&link, &r),
                    coded,
                    "seed {seed}, {link:?}"
                );
                judged += 1;

                failing[0] += usize::from(!alone.budget.loss_ok());
                failing[1] += usize::from(!alone.budget.reach_ok());
                failing[2] += usize::from(!alone.polarity_ok());
            }
            // Far fewer shapes than links: most links were judged by their shape.
            let shapes = judge.shapes();
            assert!(shapes * 2 < judged - before, "{shapes} shapes");
        }
        assert!(judged > 5_000, "{judged} links judged");
        // Links failing each way were among them.
        assert!(failing.iter().all(|&n| n > 100), "{failing:?}");
    }

    #[test]
    fn a_pair_kept_is_rated_as_it_is_on_its_own() {
        let c = catalog();
        let grades: Vec<GradeId> = (c.grades().iter())
            .filter_map(|g| c.find_grade(&g.id))
            .collect();
        assert!(grades.len() >= 5, "{} grades", grades.len());
        let mut pairs = PairLosses::default();
        // Twice: rated on first meeting, then read back.
        for _ in 0..2 {
            for mode in [FiberMode::Multimode, FiberMode::SingleMode] {
                for &a in &grades {
                    for &b in &grades {
                        let kept = pairs.loss(&c, a, b, mode);
                        let alone = mated_pair(&c, a, b, mode).loss;
                        assert_eq!(kept, alone, "{a:?} {b:?} {mode:?}");
                    }
                }
            }
        }
        // The pair is rated at its worse grade, whichever side it is on.
        let (Some(elite), Some(standard)) = (c.find_grade("mtp-elite"), c.find_grade("mpo")) else {
            panic!("grades");
        };
        let mode = FiberMode::Multimode;
        let worse = c.grade(standard).loss(mode);
        assert_eq!(pairs.loss(&c, elite, standard, mode), worse);
        assert_eq!(pairs.loss(&c, standard, elite, mode), worse);
    }

    #[test]
    fn the_limits_codes_come_before_the_reflectance_code() {
        // 400GBASE-DR4 over eight UPC cables joined by seven adapters, its
        // six trunks 1.5–2 km: over its loss and reach, and seven -35 dB
        // reflections where its IEEE table allows six (and its APC ports
        // meet UPC plugs, which the polarity's codes name last).
        let c = catalog();
        let cable = |role: CableRole, ends: (Gender, Gender), length: f64| {
            Element::Cable(Cable {
                role,
                length_m: LengthM::new(length).unwrap_or_default(),
                fibers: FiberCount::F12,
                polarity: PolarityType::B,
                ends,
                grade: "mpo".into(),
                fiber: None,
                polish: Some(Polish::Upc),
                splices: 0,
            })
        };
        let adapter = Element::Adapter(Adapter {
            keys: AdapterKeys::UpUp,
        });
        let mut judge = Judge::new(&c);
        for trunk_m in [2_000.0, 1_500.0] {
            let mut path = vec![cable(CableRole::Cord, (Gender::Female, Gender::Male), 3.0)];
            for _ in 0..6 {
                path.push(adapter.clone());
                let ends = (Gender::Female, Gender::Male);
                path.push(cable(CableRole::Trunk, ends, trunk_m));
            }
            path.push(adapter.clone());
            path.push(cable(
                CableRole::Cord,
                (Gender::Female, Gender::Female),
                3.0,
            ));
            let link = Link {
                id: "DR4-UPC".into(),
                count: 1,
                transceiver: "400GBASE-DR4".into(),
                port: 1,
                far_transceiver: None,
                legs: Vec::new(),
                fiber: "OS2".into(),
                path,
                labels: None,
            };
            let r = resolve_link(&c, &link).unwrap_or_else(|e| panic!("{e:?}"));
            let alone = coded_verdict(&c, &link, &r);
            let codes = alone.as_ref().map(|(_, codes)| &codes[..3]);
            use crate::analysis::budget::code;
            let expected = [
                code::LOSS_OVER_LIMIT,
                code::OVER_REACH,
                code::REFLECTANCE_OVER_LIMIT,
            ];
            assert_eq!(codes, Some(expected.as_slice()));
            assert_eq!(judge.coded_verdict(&link, &r), alone);
        }
        // The second link was judged by the first's shape.
        assert_eq!(judge.shapes(), 1);
    }

    #[test]
    fn the_examples_are_judged_alike_link_by_link_and_by_shape() {
        let c = catalog();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/examples");
        let mut links = 0;
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{e}")) {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            if path.extension().is_none_or(|e| e != "ron") {
                continue;
            }
            let loaded = crate::io::design_file::load(&path, &c)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let mut judge = Judge::new(&c);
            for (link, r) in loaded.design.links.iter().zip(&loaded.resolved) {
                assert_eq!(judge.verdict(link, r), verdict(&c, link, r), "{}", link.id);
                let coded = coded_verdict(&c, link, r);
                assert_eq!(judge.coded_verdict(link, r), coded, "{}", link.id);
                links += 1;
            }
        }
        assert!(links > 20, "{links} links");
    }
}
