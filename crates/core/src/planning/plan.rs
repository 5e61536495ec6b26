//! From a link schedule to a design: each row's channel built from its
//! template, and the trunks, panels and cassettes between every pair of
//! racks planned and shared ("planning trunks").
//!
//! Rows between the same two racks (either way round) that need the same
//! trunk (template, fiber, fibers per leg, polish, grades) form a group. A
//! group needs one leg per parallel link, or one per cassette of duplex
//! links, plus the spare (rounded up); its legs go into as many full
//! 144-fiber trunks as they fill, then the smallest standard trunk that holds
//! the rest. The trunk is as long as the group's longest link less the
//! template's two cords. A panel at each rack terminates every leg of the
//! group's trunks (an adapter port or a cassette per leg). Links take the
//! legs in schedule order; the spare legs are the last.

use crate::hash::{Map as HashMap, Set as HashSet};
use std::collections::BTreeMap;

use crate::analysis::resolve::{Expansions, resolve_design_with};
use crate::catalog::{Catalog, ChannelTemplate, ConnectorFamily, ModuleKind, TemplateShape};
use crate::io::design_file::LoadedDesign;
use crate::io::error::InputError;
use crate::io::schedule::{Schedule, ScheduleRow, combine};
use crate::model::infra::{CassettePort, Panel, PanelCassette, PanelPort, Trunk, TrunkLeg};
use crate::model::units::{FiberCount, LengthM};
use crate::model::{Cable, CableRole, Design, Element, LcCord, Link, LinkLabels, Polish};

/// Standard trunk fiber counts, smallest first.
pub const TRUNK_SIZES: [u32; 6] = [12, 24, 48, 72, 96, 144];
/// The spare fraction when none is given.
pub const DEFAULT_SPARE: f64 = 0.25;
/// The largest spare fraction accepted (ten times what is needed).
pub const MAX_SPARE: f64 = 10.0;

/// How to plan: the template and grade for every row that names none, the
/// spare fraction, the design's name.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    pub template: Option<String>,
    pub grade: Option<String>,
    pub spare: f64,
    pub name: String,
}

impl PlanOptions {
    /// The defaults, the design named after the schedule's file.
    pub fn for_schedule(path: &std::path::Path) -> Self {
        Self {
            name: format!(
                "Planned from {}",
                path.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
            ),
            ..Self::default()
        }
    }
}

/// How a planned design judges: links passing, and the smallest margin with
/// its link (what `plan` prints and the app's import shows).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Judged {
    pub passing: usize,
    pub worst_margin: Option<(f64, usize)>,
}

/// Judged on every core, each link with its expansion through the shared
/// parts (made again where the load dropped it).
pub fn judge(catalog: &Catalog, loaded: &LoadedDesign) -> Judged {
    let infra = loaded.design.infra();
    let shares = crate::parallel::map_shares(&loaded.resolved, |start, share| {
        let mut judged = Judged {
            passing: 0,
            worst_margin: None,
        };
        let mut judge = crate::analysis::Judge::new(catalog);
        for (k, r) in share.iter().enumerate() {
            let n = start + k;
            let link = &loaded.design.links[n];
            let v = judge.verdict(
                link,
                &crate::analysis::resolve::with_expansion(&infra, link, r),
            );
            if v.pass() {
                judged.passing += 1;
            }
            if let Some(m) = v.budget.margin_db()
                && judged.worst_margin.is_none_or(|(w, _)| m < w)
            {
                judged.worst_margin = Some((m, n));
            }
        }
        judged
    });
    // In design order: the first link of the smallest margin, as one pass finds it.
    shares.into_iter().fold(
        Judged {
            passing: 0,
            worst_margin: None,
        },
        |all, share| Judged {
            passing: all.passing + share.passing,
            worst_margin: match (all.worst_margin, share.worst_margin) {
                (Some((w, n)), Some((m, _))) if m >= w => Some((w, n)),
                (all, None) => all,
                (_, share) => share,
            },
        },
    )
}

impl Default for PlanOptions {
    fn default() -> Self {
        Self {
            template: None,
            grade: None,
            spare: DEFAULT_SPARE,
            name: "Planned from a link schedule".to_owned(),
        }
    }
}

/// A planned design and a line per group saying what was planned.
#[derive(Debug, Clone)]
pub struct Plan {
    pub design: Design,
    pub groups: Vec<GroupSummary>,
}

/// What was planned between two racks for one kind of channel.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSummary {
    pub racks: (String, String),
    pub template: String,
    pub fiber: String,
    pub links: usize,
    pub legs_needed: u32,
    pub legs: u32,
    /// Trunk ids and fiber counts.
    pub trunks: Vec<(String, u32)>,
    pub trunk_length_m: f64,
    pub panels: (String, String),
    pub cassettes: u32,
}

impl GroupSummary {
    pub fn line(&self) -> String {
        if self.trunks.is_empty() {
            return format!(
                "{} – {}: {} link{} by {} (one cord each)",
                self.racks.0,
                self.racks.1,
                self.links,
                plural(self.links),
                self.template
            );
        }
        let mut sizes: BTreeMap<u32, usize> = BTreeMap::new();
        for (_, f) in &self.trunks {
            *sizes.entry(*f).or_default() += 1;
        }
        let trunks: Vec<String> = sizes
            .iter()
            .rev()
            .map(|(f, n)| format!("{n} × {f} f"))
            .collect();
        let ends = if self.cassettes > 0 {
            format!(
                "{} cassettes in each of {} and {}",
                self.cassettes, self.panels.0, self.panels.1
            )
        } else {
            format!(
                "panels {} and {} of {} ports",
                self.panels.0, self.panels.1, self.legs
            )
        };
        format!(
            "{} – {}: {} link{} by {} on {}: {} legs ({} needed + {} spare) on {} trunk{} ({}) of {} m; {}",
            self.racks.0,
            self.racks.1,
            self.links,
            plural(self.links),
            self.template,
            self.fiber,
            self.legs,
            self.legs_needed,
            self.legs.saturating_sub(self.legs_needed),
            self.trunks.len(),
            plural(self.trunks.len()),
            trunks.join(" + "),
            self.trunk_length_m,
            ends
        )
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Trunk sizes for legs of `leg_fibers`: (fibers, legs) of each standard
/// size that is a whole number of such legs, smallest first.
pub fn trunk_sizes(leg_fibers: u32) -> Vec<(u32, u32)> {
    TRUNK_SIZES
        .iter()
        .filter(|&&s| leg_fibers > 0 && s % leg_fibers == 0)
        .map(|&s| (s, s / leg_fibers))
        .collect()
}

/// The trunks for `legs` legs: as many of the largest size as fill up, then
/// the smallest that holds the rest; (fibers, legs) each.
pub fn size_trunks(legs: u32, leg_fibers: u32) -> Vec<(u32, u32)> {
    let sizes = trunk_sizes(leg_fibers);
    let Some(&(big, big_legs)) = sizes.last() else {
        return Vec::new();
    };
    let mut out = vec![(big, big_legs); (legs / big_legs) as usize];
    let rest = legs % big_legs;
    if rest > 0
        && let Some(&s) = sizes.iter().find(|(_, l)| *l >= rest)
    {
        out.push(s);
    }
    out
}

/// The grades a row's channel is built with (catalog ids): cords, trunk,
/// LC parts.
struct Grades<'c> {
    cord: &'c str,
    trunk: &'c str,
    lc: &'c str,
}

/// Everything that must match for links to share a trunk. It borrows the
/// row and the catalog: 100,000 rows made and dropped a key of six strings
/// each, a tenth of the time of planning them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct GroupKey<'a> {
    racks: (Folded<'a>, Folded<'a>),
    template: &'a str,
    fiber: Folded<'a>,
    leg_fibers: u32,
    polish: Polish,
    trunk_grade: &'a str,
    lc_grade: &'a str,
}

/// Text that compares, orders and hashes without case, as rack names and
/// ids do everywhere ("R1" is "r1"), without a lower-case copy.
#[derive(Debug, Clone, Copy)]
struct Folded<'a>(&'a str);

impl Folded<'_> {
    fn chars(&self) -> impl Iterator<Item = char> + '_ {
        self.0.chars().flat_map(char::to_lowercase)
    }

    /// Whether `other` is this text, without case.
    fn is(&self, other: &str) -> bool {
        if self.0.is_ascii() && other.is_ascii() {
            return self.0.eq_ignore_ascii_case(other);
        }
        self.chars().eq(Folded(other).chars())
    }
}

impl PartialEq for Folded<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.is(other.0)
    }
}

impl Eq for Folded<'_> {}

impl PartialOrd for Folded<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Folded<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.chars().cmp(other.chars())
    }
}

impl std::hash::Hash for Folded<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for c in self.chars() {
            state.write_u32(u32::from(c));
        }
        state.write_u8(0xff);
    }
}

/// Plans the schedule's rows into a design.
pub fn plan(
    catalog: &Catalog,
    schedule: &Schedule,
    options: &PlanOptions,
) -> Result<Plan, InputError> {
    // A copy of the rows, let go of as their links are built (the
    // schedule is lent; `plan_and_resolve_with` hands its rows over).
    Ok(prepare(catalog, schedule, options)?.built(schedule.rows.clone()))
}

/// How many rows' links are built at a time, from the last rows: a million
/// rows (some 300 MB) are let go of block by block as their links (some
/// 750 MB) are built, and the links take the memory they leave (planned
/// and resolved: 1.03 GB at the peak, from 1.15 GB).
const ROWS_A_BLOCK: usize = 65_536;

/// What planning settles before the links are built: the trunks and panels,
/// each group's route, and each row's route and build.
struct Prepared<'c> {
    design: Design,
    summaries: Vec<GroupSummary>,
    routes: Vec<Route<'c>>,
    route_of_row: Vec<Option<(usize, usize)>>,
    built: Vec<Option<Built<'c>>>,
}

/// Everything of a plan but its links; the errors of every bad row.
fn prepare<'c>(
    catalog: &'c Catalog,
    schedule: &Schedule,
    options: &'c PlanOptions,
) -> Result<Prepared<'c>, InputError> {
    let file = schedule.file.as_str();
    if !(options.spare.is_finite() && (0.0..=MAX_SPARE).contains(&options.spare)) {
        return Err(InputError::new(
            "command line",
            format!(
                "expected a spare fraction from 0 to {MAX_SPARE} (0.25 is a quarter more), found {}",
                options.spare
            ),
        )
        .field("--spare"));
    }
    for (flag, id, found) in [
        (
            "--template",
            &options.template,
            options
                .template
                .as_deref()
                .is_none_or(|t| catalog.find_template(t).is_some()),
        ),
        (
            "--grade",
            &options.grade,
            options
                .grade
                .as_deref()
                .is_none_or(|g| catalog.find_grade(g).is_some()),
        ),
    ] {
        if !found {
            return Err(InputError::new(
                "command line",
                format!(
                    "expected an id of the catalog, found \"{}\"",
                    id.as_deref().unwrap_or_default()
                ),
            )
            .field(flag));
        }
    }
    let mut errors = Vec::new();
    // Each row's template, grades and group, worked out on all cores; the
    // groups then gathered in schedule order.
    // (By index: the key borrows the schedule's row, not the closure's.)
    // Each key is hashed there too; the groups are then gathered by hash,
    // comparing keys only where hashes meet (hashing 100,000 keys in turn
    // took a third of the plan).
    let hasher = crate::hash::Hasher::default();
    use std::hash::BuildHasher as _;
    let row_plans = crate::parallel::map(&schedule.rows, |n, _| {
        row_plan(catalog, schedule, options, &schedule.rows[n])
            .map(|p| p.map(|(key, b)| (hasher.hash_one(key), key, b)))
    });
    let mut groups: Vec<(GroupKey, Vec<usize>)> = Vec::new();
    let mut group_of: HashMap<u64, Vec<usize>> = HashMap::default();
    let mut built: Vec<Option<Built<'_>>> = Vec::with_capacity(schedule.rows.len());
    for (n, planned) in row_plans.into_iter().enumerate() {
        let (hash, key, b) = match planned {
            Ok(Some(p)) => p,
            Ok(None) => {
                built.push(None);
                continue;
            }
            Err(e) => {
                errors.push(*e);
                built.push(None);
                continue;
            }
        };
        let same_hash = group_of.entry(hash).or_default();
        let g = match same_hash.iter().find(|&&g| groups[g].0 == key) {
            Some(&g) => g,
            None => {
                groups.push((key, Vec::new()));
                same_hash.push(groups.len() - 1);
                groups.len() - 1
            }
        };
        groups[g].1.push(n);
        built.push(Some(b));
    }
    let mut design = Design {
        name: options.name.clone(),
        ..Design::default()
    };
    let mut ids = Ids::default();
    let mut summaries = Vec::new();
    // What each group was given; each row's group and the place of its first
    // link among the group's links (which fixes its leg or cassette port).
    // The links themselves are built afterwards, on all cores.
    let mut routes: Vec<Route> = Vec::with_capacity(groups.len());
    let mut route_of_row: Vec<Option<(usize, usize)>> = vec![None; schedule.rows.len()];
    for (key, rows) in &groups {
        // The racks as the group's first row spells them, in the key's order.
        let racks = {
            let first = &schedule.rows[rows[0]];
            if key.racks.0.is(&first.near_rack) {
                (
                    String::from(&*first.near_rack),
                    String::from(&*first.far_rack),
                )
            } else {
                (
                    String::from(&*first.far_rack),
                    String::from(&*first.near_rack),
                )
            }
        };
        let Some((template, _, _, _)) = &built[rows[0]] else {
            continue;
        };
        let links: usize = rows.iter().map(|&n| schedule.rows[n].count as usize).sum();
        let mut route_rows = |route: usize| {
            let mut k = 0;
            for &n in rows {
                route_of_row[n] = Some((route, k));
                k += schedule.rows[n].count as usize;
            }
        };
        if let TemplateShape::Direct { .. } = template.shape {
            route_rows(routes.len());
            routes.push(Route {
                template,
                trunks: Vec::new(),
                panels: (String::new(), String::new()),
                racks_key_0: String::new(),
                per_leg: 1,
            });
            summaries.push(GroupSummary {
                racks: racks.clone(),
                template: template.id.clone(),
                fiber: String::from(&*schedule.rows[rows[0]].fiber),
                links,
                legs_needed: 0,
                legs: 0,
                trunks: Vec::new(),
                trunk_length_m: 0.0,
                panels: (String::new(), String::new()),
                cassettes: 0,
            });
            continue;
        }
        // The trunk: as long as the longest link less the two cords.
        let longest = rows
            .iter()
            .map(|&n| schedule.rows[n].length_m)
            .fold(0.0, f64::max);
        let trunk_m = round_cm(longest - template.cords_m());
        if trunk_m <= 0.0 {
            for &n in rows {
                let row = &schedule.rows[n];
                errors.push(schedule.error(
                    row,
                    "length_m",
                    format!(
                        "expected a length above the template's two {} m cords ({}), found {} m: choose the `direct` template for so short a link",
                        template.cord_length_m, template.id, row.length_m
                    ),
                ));
            }
            continue;
        }
        let per_leg = match &template.shape {
            TemplateShape::Cassettes { near_cassette, .. } => catalog
                .find_cassette(near_cassette)
                .map_or(1, |k| catalog.cassette(k).ports.len().max(1)),
            _ => 1,
        };
        let needed = u32::try_from(links.div_ceil(per_leg)).unwrap_or(u32::MAX);
        let spare = (f64::from(needed) * options.spare).ceil() as u32;
        let sizes = size_trunks(needed.saturating_add(spare), key.leg_fibers);
        let legs: u32 = sizes.iter().map(|(_, l)| l).sum();
        let duplex = matches!(template.shape, TemplateShape::Cassettes { .. });
        if sizes.is_empty() || (duplex && legs > u32::from(u8::MAX)) || legs > 1000 {
            errors.push(schedule.error(
                &schedule.rows[rows[0]],
                "transceiver",
                format!(
                    "cannot plan {} links between {} and {} on one panel at each end (at most 1000 ports or 255 cassettes): split them over more racks",
                    links,
                    racks.0,
                    racks.1
                ),
            ));
            continue;
        }
        let (a, b) = (ids.panel(&racks.0, duplex), ids.panel(&racks.1, duplex));
        let first = &built[rows[0]];
        let Some((_, grades, _, polish)) = first else {
            continue;
        };
        let mut trunk_ids = Vec::new();
        for &(fibers, l) in &sizes {
            let id = ids.trunk(&racks.0, &racks.1);
            let (polarity, ends) = match &template.shape {
                TemplateShape::Interconnect {
                    trunk, trunk_ends, ..
                }
                | TemplateShape::Cassettes {
                    trunk, trunk_ends, ..
                } => (*trunk, *trunk_ends),
                TemplateShape::Direct { polarity, ends, .. } => (*polarity, *ends),
            };
            design.trunks.push(Trunk {
                id: id.clone(),
                from: a.clone(),
                to: b.clone(),
                length_m: LengthM::new(trunk_m).unwrap_or_default(),
                legs: u8::try_from(l).unwrap_or(u8::MAX),
                fibers: FiberCount::from_count(key.leg_fibers).unwrap_or(FiberCount::F12),
                polarity,
                ends,
                grade: grades.trunk.to_owned(),
                fiber: Some(String::from(&*schedule.rows[rows[0]].fiber)),
                polish: Some(*polish),
            });
            trunk_ids.push((id, fibers, l));
        }
        let mut cassettes = 0;
        match &template.shape {
            TemplateShape::Cassettes {
                near_cassette,
                far_cassette,
                ..
            } => {
                cassettes = legs;
                // The group's first row says which end is "near" for the
                // template's cassettes; a link the other way round meets
                // them in the other order, as the same channel does.
                let first_row = &schedule.rows[rows[0]];
                let near_at_a = key.racks.0.is(&first_row.near_rack);
                let (kind_a, kind_b) = if near_at_a {
                    (near_cassette, far_cassette)
                } else {
                    (far_cassette, near_cassette)
                };
                for (id, kind) in [(&a, kind_a), (&b, kind_b)] {
                    design.panels.push(Panel {
                        id: id.clone(),
                        rack: Some(rack_of(id, &racks, &a)),
                        ports: None,
                        keys: None,
                        cassettes: (1..=legs)
                            .map(|slot| PanelCassette {
                                slot: u8::try_from(slot).unwrap_or(u8::MAX),
                                kind: kind.clone(),
                                lc_grade: Some(grades.lc.to_owned()),
                                mpo_grade: Some(grades.trunk.to_owned()),
                            })
                            .collect(),
                    });
                }
            }
            TemplateShape::Interconnect { panel_keys, .. } => {
                for id in [&a, &b] {
                    design.panels.push(Panel {
                        id: id.clone(),
                        rack: Some(rack_of(id, &racks, &a)),
                        ports: Some(legs),
                        keys: Some(*panel_keys),
                        cassettes: Vec::new(),
                    });
                }
            }
            TemplateShape::Direct { .. } => {}
        }
        route_rows(routes.len());
        routes.push(Route {
            template,
            trunks: trunk_ids.clone(),
            panels: (a.clone(), b.clone()),
            racks_key_0: key.racks.0.chars().collect(),
            per_leg,
        });
        summaries.push(GroupSummary {
            racks: racks.clone(),
            template: template.id.clone(),
            fiber: String::from(&*schedule.rows[rows[0]].fiber),
            links,
            legs_needed: needed,
            legs,
            trunks: trunk_ids
                .iter()
                .map(|(id, f, _)| (id.clone(), *f))
                .collect(),
            trunk_length_m: trunk_m,
            panels: (a.clone(), b.clone()),
            cassettes,
        });
    }
    if !errors.is_empty() {
        let total = errors.len();
        errors.truncate(50);
        return Err(combine(file, errors, total));
    }
    Ok(Prepared {
        design,
        summaries,
        routes,
        route_of_row,
        built,
    })
}

impl Prepared<'_> {
    /// The plan with its links built from `rows` (the rows it was prepared
    /// from), in schedule order (groups gathered them by racks).
    fn built(self, rows: Vec<ScheduleRow>) -> Plan {
        self.built_in_blocks(rows, ROWS_A_BLOCK)
    }

    /// As [`Self::built`], `block` rows at a time, from the last, each
    /// block's rows let go of once its links are built.
    fn built_in_blocks(self, rows: Vec<ScheduleRow>, block: usize) -> Plan {
        let Prepared {
            mut design,
            summaries,
            routes,
            route_of_row,
            built,
        } = self;
        let mut blocks = Vec::new();
        crate::parallel::from_the_end_in_blocks(rows, block, |start, rows| {
            let copies: Vec<(usize, usize)> = (rows.iter().enumerate())
                .flat_map(|(k, row)| (0..row.count as usize).map(move |j| (k, j)))
                .collect();
            // Built on all cores (a 100,000-row plan spent most of its time
            // here), each link in its place by the core whose share it is
            // in, then the few without a route dropped in place: never a
            // list per core joined into a new one (at a million links,
            // 160 MB more at the peak).
            let links = crate::parallel::fill_options(&copies, |_, &(k, j)| {
                let n = start + k;
                let (route, first) = route_of_row[n]?;
                let built = built[n].as_ref()?;
                Some(Box::new(routes[route].link(&rows[k], j, first + j, built)))
            });
            blocks.push(crate::parallel::somes(links));
        });
        design.links = Vec::with_capacity(blocks.iter().map(Vec::len).sum());
        design.links.extend(blocks.into_iter().rev().flatten());
        Plan {
            design,
            groups: summaries,
        }
    }
}

/// The schedule planned with `options` and resolved, as a loaded design,
/// with what was planned between each pair of racks.
pub fn plan_and_resolve(
    catalog: &Catalog,
    schedule: Schedule,
    options: &PlanOptions,
) -> Result<(Vec<GroupSummary>, LoadedDesign), InputError> {
    plan_and_resolve_with(catalog, schedule, options, Expansions::Kept)
}

/// As [`plan_and_resolve`], the links' expansions through the planned
/// shared parts kept or dropped ([`Expansions`]; a million planned links
/// hold some 0.7 GB less without them).
/// The schedule is let go of once planned (a million rows hold some 400 MB).
pub fn plan_and_resolve_with(
    catalog: &Catalog,
    schedule: Schedule,
    options: &PlanOptions,
    expansions: Expansions,
) -> Result<(Vec<GroupSummary>, LoadedDesign), InputError> {
    let prepared = prepare(catalog, &schedule, options)?;
    let file = schedule.file;
    let plan = prepared.built(schedule.rows);
    let resolved = resolve_design_with(catalog, &plan.design, expansions)
        .map_err(|(_, u)| InputError::new(&file, u.message).field(u.field))?;
    let loaded = LoadedDesign {
        design: plan.design,
        resolved,
    };
    Ok((plan.groups, loaded))
}

/// Reads a link schedule and plans it with the defaults (every command that
/// takes a design takes a schedule this way).
pub fn load_schedule(
    path: &std::path::Path,
    catalog: &Catalog,
) -> Result<LoadedDesign, InputError> {
    load_schedule_with(path, catalog, Expansions::Kept)
}

fn load_schedule_with(
    path: &std::path::Path,
    catalog: &Catalog,
    expansions: Expansions,
) -> Result<LoadedDesign, InputError> {
    let schedule = crate::io::schedule::read(path, None, catalog)?;
    plan_and_resolve_with(
        catalog,
        schedule,
        &PlanOptions::for_schedule(path),
        expansions,
    )
    .map(|(_, l)| l)
}

/// A design file, or a link schedule planned with the defaults.
pub fn load_design_or_schedule(
    path: &std::path::Path,
    catalog: &Catalog,
) -> Result<LoadedDesign, InputError> {
    load_design_or_schedule_with(path, catalog, Expansions::Kept)
}

/// As [`load_design_or_schedule`]; a design file's links keep their
/// expansions through shared parts or not ([`Expansions`]).
pub fn load_design_or_schedule_with(
    path: &std::path::Path,
    catalog: &Catalog,
    expansions: Expansions,
) -> Result<LoadedDesign, InputError> {
    if crate::io::schedule::is_schedule(path) {
        load_schedule_with(path, catalog, expansions)
    } else if expansions == Expansions::Dropped {
        crate::io::design_file::load_lean(path, catalog)
    } else {
        crate::io::design_file::load(path, catalog)
    }
}

/// The template a row gets when neither it nor the command names one.
pub fn default_template(kind: ModuleKind) -> &'static str {
    match kind {
        ModuleKind::Parallel => "interconnect-b",
        ModuleKind::Duplex => "cassette-duplex",
    }
}

fn round_cm(m: f64) -> f64 {
    (m * 100.0).round() / 100.0
}

fn rack_of(panel: &str, racks: &(String, String), a: &str) -> String {
    if panel == a {
        racks.0.clone()
    } else {
        racks.1.clone()
    }
}

fn direct_cord(
    template: &ChannelTemplate,
    row: &ScheduleRow,
    (_, grades, fibers, _): &Built<'_>,
) -> Element {
    let TemplateShape::Direct {
        polarity,
        ends,
        duplex,
    } = &template.shape
    else {
        return Element::Splice(crate::model::Splice::default());
    };
    let length_m = LengthM::new(row.length_m).unwrap_or_default();
    match row.kind {
        ModuleKind::Duplex => Element::LcCord(LcCord {
            length_m,
            polarity: *duplex,
            grade: grades.lc.to_owned(),
            fiber: None,
        }),
        ModuleKind::Parallel => Element::Cable(Cable {
            role: CableRole::Cord,
            length_m,
            fibers: *fibers,
            polarity: *polarity,
            ends: *ends,
            grade: grades.cord.to_owned(),
            fiber: None,
            polish: None,
            splices: 0,
        }),
    }
}

/// A row's template, grades, module port fibers and polish, and the group
/// of links that can share its trunk; `None` for a row whose module the
/// schedule reader already refused.
/// (The build names only the catalog's templates and grades, so the rows can
/// be let go of while it is used.)
fn row_plan<'c: 'r, 'r>(
    catalog: &'c Catalog,
    schedule: &Schedule,
    options: &'c PlanOptions,
    row: &'r ScheduleRow,
) -> Result<Option<(GroupKey<'r>, Built<'c>)>, Box<InputError>> {
    let template_id = row
        .template
        .as_deref()
        .or(options.template.as_deref())
        .unwrap_or_else(|| default_template(row.kind));
    let Some(template) = catalog.find_template(template_id) else {
        return Err(Box::new(schedule.error(
            row,
            "template",
            format!("expected a channel template of the catalog, found \"{template_id}\""),
        )));
    };
    if !template.is_for(row.kind) {
        return Err(Box::new(schedule.error(
            row,
            "template",
            format!(
                "expected a template for {} modules such as {}, found \"{}\" (from --template)",
                crate::io::schedule::kind_word(row.kind),
                row.transceiver,
                template.id
            ),
        )));
    }
    let Some(module) = catalog
        .find_transceiver(&row.transceiver)
        .map(|i| catalog.transceiver(i))
    else {
        return Ok(None);
    };
    let port = module.port(1);
    let polish = port.map_or(module.port_polish, |p| p.polish);
    let leg_fibers = port
        .and_then(|p| p.mpo_fibers)
        .or(module.mpo_fibers)
        .unwrap_or(FiberCount::F12);
    let mut grades = Grades {
        cord: &template.cord_grade,
        trunk: &template.trunk_grade,
        lc: template.lc_grade.as_deref().unwrap_or("lc"),
    };
    if let Some(g) = row.grade.as_deref().or(options.grade.as_deref())
        && let Some(id) = catalog.find_grade(g)
    {
        let grade = catalog.grade(id);
        match grade.family {
            ConnectorFamily::Mpo => {
                grades.cord = &grade.id;
                grades.trunk = &grade.id;
            }
            ConnectorFamily::Lc => grades.lc = &grade.id,
        }
    }
    let (leg, lc_key) = match &template.shape {
        TemplateShape::Cassettes { near_cassette, .. } => (
            catalog
                .find_cassette(near_cassette)
                .map_or(12, |k| catalog.cassette(k).mpo_fibers.count()),
            grades.lc,
        ),
        _ => (leg_fibers.count(), ""),
    };
    let mut racks = (Folded(&row.near_rack), Folded(&row.far_rack));
    if racks.0 > racks.1 {
        racks = (racks.1, racks.0);
    }
    let key = GroupKey {
        racks,
        template: &template.id,
        fiber: Folded(&row.fiber),
        leg_fibers: leg,
        polish,
        trunk_grade: grades.trunk,
        lc_grade: lc_key,
    };
    Ok(Some((key, (template, grades, leg_fibers, polish))))
}

/// A planned group's route: what its links go through.
struct Route<'c> {
    template: &'c ChannelTemplate,
    /// Its trunks in order: id, fibers, legs.
    trunks: Vec<(String, u32, u32)>,
    /// The panels at the key's first and second rack.
    panels: (String, String),
    /// The key's first rack, in lower case.
    racks_key_0: String,
    /// Links per leg (a cassette's ports; 1 for parallel links).
    per_leg: usize,
}

impl Route<'_> {
    /// Copy `copy` (0-based) of `row`, the `k`th link of its group: on its
    /// own leg (or cassette port), in the group's order.
    fn link(&self, row: &ScheduleRow, copy: usize, k: usize, built: &Built<'_>) -> Link {
        let id = if row.count == 1 {
            row.id.clone()
        } else {
            format!("{}/{}", row.id, copy + 1)
        };
        let (_, grades, fibers, _) = built;
        let template = self.template;
        let overall = k / self.per_leg;
        let panel_at = |rack: &str| -> String {
            let first = rack
                .chars()
                .flat_map(char::to_lowercase)
                .eq(self.racks_key_0.chars());
            if first {
                &self.panels.0
            } else {
                &self.panels.1
            }
            .clone()
        };
        let middle = |near: Element, far: Element| {
            let mut left = overall;
            let mut leg = TrunkLeg {
                trunk: String::new(),
                leg: 0,
            };
            for (id, _, l) in &self.trunks {
                let l = *l as usize;
                if left < l {
                    leg = TrunkLeg {
                        trunk: id.clone(),
                        leg: u8::try_from(left + 1).unwrap_or(u8::MAX),
                    };
                    break;
                }
                left -= l;
            }
            [near, Element::TrunkLeg(leg), far]
        };
        let path = match &template.shape {
            TemplateShape::Interconnect {
                near_cord,
                far_cord,
                cord_ends,
                ..
            } => {
                let port = u32::try_from(overall + 1).unwrap_or(u32::MAX);
                let at = |panel: String| Element::PanelPort(PanelPort { panel, port });
                let cord = |polarity| {
                    Element::Cable(Cable {
                        role: CableRole::Cord,
                        length_m: LengthM::new(template.cord_length_m).unwrap_or_default(),
                        fibers: *fibers,
                        polarity,
                        ends: *cord_ends,
                        grade: grades.cord.to_owned(),
                        fiber: None,
                        polish: None,
                        splices: 0,
                    })
                };
                let [x, y, z] = middle(at(panel_at(&row.near_rack)), at(panel_at(&row.far_rack)));
                vec![cord(*near_cord), x, y, z, cord(*far_cord)]
            }
            TemplateShape::Cassettes {
                near_cord,
                far_cord,
                ..
            } => {
                let slot = u8::try_from(overall + 1).unwrap_or(u8::MAX);
                let port = u8::try_from(k % self.per_leg + 1).unwrap_or(u8::MAX);
                let at = |panel: String| Element::CassettePort(CassettePort { panel, slot, port });
                let cord = |polarity| {
                    Element::LcCord(LcCord {
                        length_m: LengthM::new(template.cord_length_m).unwrap_or_default(),
                        polarity,
                        grade: grades.lc.to_owned(),
                        fiber: None,
                    })
                };
                let [x, y, z] = middle(at(panel_at(&row.near_rack)), at(panel_at(&row.far_rack)));
                vec![cord(*near_cord), x, y, z, cord(*far_cord)]
            }
            TemplateShape::Direct { .. } => vec![direct_cord(template, row, built)],
        };
        link(row, &id, path)
    }
}

/// A row's template, grades, the fibers of its module's port and polish.
type Built<'c> = (&'c ChannelTemplate, Grades<'c>, FiberCount, Polish);

fn link(row: &ScheduleRow, id: &str, path: Vec<Element>) -> Link {
    Link {
        id: id.to_owned(),
        count: 1,
        transceiver: String::from(&*row.transceiver),
        port: 1,
        far_transceiver: None,
        fiber: String::from(&*row.fiber),
        path,
        legs: Vec::new(),
        labels: Some(Box::new(LinkLabels {
            near_rack: Some(String::from(&*row.near_rack)),
            far_rack: Some(String::from(&*row.far_rack)),
            near_port: row.near_port.as_deref().map(str::to_owned),
            far_port: row.far_port.as_deref().map(str::to_owned),
        })),
    }
}

/// Ids for planned panels ("R1-P1", cassette panels "R1-C1") and trunks
/// ("R1-R2-T1"), each unique in the design.
#[derive(Default)]
struct Ids {
    taken: HashSet<String>,
    per_rack: HashMap<(String, bool), u32>,
    per_pair: HashMap<(String, String), u32>,
}

impl Ids {
    fn fresh(&mut self, base: impl Fn(u32) -> String, counter: &mut u32) -> String {
        loop {
            *counter += 1;
            let id = base(*counter);
            if self.taken.insert(id.to_lowercase()) {
                return id;
            }
        }
    }

    fn panel(&mut self, rack: &str, cassettes: bool) -> String {
        let mut n = self
            .per_rack
            .get(&(rack.to_lowercase(), cassettes))
            .copied()
            .unwrap_or(0);
        let letter = if cassettes { "C" } else { "P" };
        let id = self.fresh(|k| format!("{rack}-{letter}{k}"), &mut n);
        self.per_rack.insert((rack.to_lowercase(), cassettes), n);
        id
    }

    fn trunk(&mut self, a: &str, b: &str) -> String {
        let key = (a.to_lowercase(), b.to_lowercase());
        let mut n = self.per_pair.get(&key).copied().unwrap_or(0);
        let id = self.fresh(|k| format!("{a}-{b}-T{k}"), &mut n);
        self.per_pair.insert(key, n);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Links built a few rows at a time, from the last, with the rows let
    /// go of as they go, are the links built from the rows lent whole, in
    /// the same order (rows of several links among them).
    #[test]
    fn links_built_block_by_block_from_owned_rows_are_the_whole_plans() {
        let catalog = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/examples");
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = tmp.path().join("schedule.csv");
        let mut text = std::fs::read_to_string(dir.join("link-schedule.csv"))
            .unwrap_or_else(|e| panic!("{e}"));
        text.push_str("MANY,400GBASE-DR4,OS2,R1,R3,60,3,,,,\n");
        text.push_str("TWO,100GBASE-SR4,OM4,R2,R1,25,2,,,,\n");
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        let schedule =
            crate::io::schedule::read(&path, None, &catalog).unwrap_or_else(|e| panic!("{e}"));
        let options = PlanOptions::for_schedule(&path);
        let whole = plan(&catalog, &schedule, &options).unwrap_or_else(|e| panic!("{e}"));
        let rows = schedule.rows.len();
        assert!(
            whole.design.links.len() >= rows + 3,
            "rows of several links"
        );
        for block in [1, 2, 3, 7, rows - 1, rows, rows + 1] {
            let prepared = prepare(&catalog, &schedule, &options).unwrap_or_else(|e| panic!("{e}"));
            let planned = prepared.built_in_blocks(schedule.rows.clone(), block);
            assert_eq!(planned.design, whole.design, "{block} rows a block");
            assert_eq!(planned.groups, whole.groups);
        }
    }
}
