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

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::analysis::resolve::resolve_design;
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

pub fn judge(catalog: &Catalog, loaded: &LoadedDesign) -> Judged {
    let mut judged = Judged {
        passing: 0,
        worst_margin: None,
    };
    for (n, (l, r)) in loaded.design.links.iter().zip(&loaded.resolved).enumerate() {
        let v = crate::analysis::verdict(catalog, l, r);
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

/// The grades a row's channel is built with: cords, trunk, LC parts.
struct Grades {
    cord: String,
    trunk: String,
    lc: String,
}

/// Everything that must match for links to share a trunk.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct GroupKey {
    racks: (String, String),
    template: String,
    fiber: String,
    leg_fibers: u32,
    polish: Polish,
    trunk_grade: String,
    lc_grade: String,
}

/// Plans the schedule's rows into a design.
pub fn plan(
    catalog: &Catalog,
    schedule: &Schedule,
    options: &PlanOptions,
) -> Result<Plan, InputError> {
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
    // Each row's template, grades and group.
    let mut groups: Vec<(GroupKey, Vec<usize>)> = Vec::new();
    let mut group_of: HashMap<GroupKey, usize> = HashMap::new();
    let mut built: Vec<Option<(&ChannelTemplate, Grades, FiberCount, Polish)>> = Vec::new();
    for (n, row) in schedule.rows.iter().enumerate() {
        let template_id = row
            .template
            .clone()
            .or_else(|| options.template.clone())
            .unwrap_or_else(|| default_template(row.kind).to_owned());
        let Some(template) = catalog.find_template(&template_id) else {
            errors.push(schedule.error(
                row,
                "template",
                format!("expected a channel template of the catalog, found \"{template_id}\""),
            ));
            built.push(None);
            continue;
        };
        if !template.is_for(row.kind) {
            errors.push(schedule.error(
                row,
                "template",
                format!(
                    "expected a template for {} modules such as {}, found \"{}\" (from --template)",
                    crate::io::schedule::kind_word(row.kind),
                    row.transceiver,
                    template.id
                ),
            ));
            built.push(None);
            continue;
        }
        let Some(module) = catalog
            .find_transceiver(&row.transceiver)
            .map(|i| catalog.transceiver(i))
        else {
            built.push(None);
            continue;
        };
        let port = module.port(1);
        let polish = port.map_or(module.port_polish, |p| p.polish);
        let leg_fibers = port
            .and_then(|p| p.mpo_fibers)
            .or(module.mpo_fibers)
            .unwrap_or(FiberCount::F12);
        let mut grades = Grades {
            cord: template.cord_grade.clone(),
            trunk: template.trunk_grade.clone(),
            lc: template.lc_grade.clone().unwrap_or_else(|| "lc".to_owned()),
        };
        if let Some(g) = row.grade.as_deref().or(options.grade.as_deref())
            && let Some(id) = catalog.find_grade(g)
        {
            let grade = catalog.grade(id);
            match grade.family {
                ConnectorFamily::Mpo => {
                    grades.cord.clone_from(&grade.id);
                    grades.trunk.clone_from(&grade.id);
                }
                ConnectorFamily::Lc => grades.lc.clone_from(&grade.id),
            }
        }
        let (leg, lc_key) = match &template.shape {
            TemplateShape::Cassettes { near_cassette, .. } => (
                catalog
                    .find_cassette(near_cassette)
                    .map_or(12, |k| catalog.cassette(k).mpo_fibers.count()),
                grades.lc.clone(),
            ),
            _ => (leg_fibers.count(), String::new()),
        };
        // Rack names match without case, as everywhere else ("R1" is "r1").
        let mut racks = (row.near_rack.to_lowercase(), row.far_rack.to_lowercase());
        if racks.0 > racks.1 {
            racks = (racks.1, racks.0);
        }
        let key = GroupKey {
            racks,
            template: template.id.clone(),
            fiber: row.fiber.to_lowercase(),
            leg_fibers: leg,
            polish,
            trunk_grade: grades.trunk.clone(),
            lc_grade: lc_key,
        };
        let g = *group_of.entry(key.clone()).or_insert_with(|| {
            groups.push((key, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(n);
        built.push(Some((template, grades, leg_fibers, polish)));
    }
    let mut design = Design {
        name: options.name.clone(),
        ..Design::default()
    };
    let mut ids = Ids::default();
    let mut summaries = Vec::new();
    // Each row's links, in the row's order.
    let mut by_row: Vec<Vec<Link>> = vec![Vec::new(); schedule.rows.len()];
    for (key, rows) in &groups {
        // The racks as the group's first row spells them, in the key's order.
        let racks = {
            let first = &schedule.rows[rows[0]];
            if first.near_rack.to_lowercase() == key.racks.0 {
                (first.near_rack.clone(), first.far_rack.clone())
            } else {
                (first.far_rack.clone(), first.near_rack.clone())
            }
        };
        let Some((template, _, _, _)) = &built[rows[0]] else {
            continue;
        };
        let instances: Vec<(usize, String)> = rows
            .iter()
            .flat_map(|&n| {
                let row = &schedule.rows[n];
                (1..=row.count).map(move |k| {
                    let id = if row.count == 1 {
                        row.id.clone()
                    } else {
                        format!("{}/{k}", row.id)
                    };
                    (n, id)
                })
            })
            .collect();
        if let TemplateShape::Direct { .. } = template.shape {
            for (n, id) in &instances {
                let row = &schedule.rows[*n];
                let Some(b) = &built[*n] else { continue };
                let cord = direct_cord(template, row, b);
                by_row[*n].push(link(row, id, vec![cord]));
            }
            summaries.push(GroupSummary {
                racks: racks.clone(),
                template: template.id.clone(),
                fiber: schedule.rows[rows[0]].fiber.clone(),
                links: instances.len(),
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
        let needed = u32::try_from(instances.len().div_ceil(per_leg)).unwrap_or(u32::MAX);
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
                    instances.len(),
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
                grade: grades.trunk.clone(),
                fiber: Some(schedule.rows[rows[0]].fiber.clone()),
                polish: Some(*polish),
            });
            trunk_ids.push((id, fibers, l));
        }
        let rack_panel = |rack: &str| -> &str {
            if rack.to_lowercase() == key.racks.0 {
                &a
            } else {
                &b
            }
        };
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
                let near_at_a = first_row.near_rack.to_lowercase() == key.racks.0;
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
                                lc_grade: Some(grades.lc.clone()),
                                mpo_grade: Some(grades.trunk.clone()),
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
        // Each link on its own leg (or cassette port), in schedule order.
        let leg_of = |overall: usize| -> (String, u8) {
            let mut left = overall;
            for (id, _, l) in &trunk_ids {
                let l = *l as usize;
                if left < l {
                    return (id.clone(), u8::try_from(left + 1).unwrap_or(u8::MAX));
                }
                left -= l;
            }
            (String::new(), 0)
        };
        for (k, (n, id)) in instances.iter().enumerate() {
            let row = &schedule.rows[*n];
            let Some(b_) = &built[*n] else { continue };
            let overall = k / per_leg;
            let (trunk, leg) = leg_of(overall);
            let near_panel = rack_panel(&row.near_rack).to_owned();
            let far_panel = rack_panel(&row.far_rack).to_owned();
            let middle = |near: Element, far: Element| {
                [
                    near,
                    Element::TrunkLeg(TrunkLeg {
                        trunk: trunk.clone(),
                        leg,
                    }),
                    far,
                ]
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
                            fibers: b_.2,
                            polarity,
                            ends: *cord_ends,
                            grade: b_.1.cord.clone(),
                            fiber: None,
                            polish: None,
                            splices: 0,
                        })
                    };
                    let [x, y, z] = middle(at(near_panel), at(far_panel));
                    vec![cord(*near_cord), x, y, z, cord(*far_cord)]
                }
                TemplateShape::Cassettes {
                    near_cord,
                    far_cord,
                    ..
                } => {
                    let slot = u8::try_from(overall + 1).unwrap_or(u8::MAX);
                    let port = u8::try_from(k % per_leg + 1).unwrap_or(u8::MAX);
                    let at =
                        |panel: String| Element::CassettePort(CassettePort { panel, slot, port });
                    let cord = |polarity| {
                        Element::LcCord(LcCord {
                            length_m: LengthM::new(template.cord_length_m).unwrap_or_default(),
                            polarity,
                            grade: b_.1.lc.clone(),
                            fiber: None,
                        })
                    };
                    let [x, y, z] = middle(at(near_panel), at(far_panel));
                    vec![cord(*near_cord), x, y, z, cord(*far_cord)]
                }
                TemplateShape::Direct { .. } => vec![direct_cord(template, row, b_)],
            };
            by_row[*n].push(link(row, id, path));
        }
        summaries.push(GroupSummary {
            racks: racks.clone(),
            template: template.id.clone(),
            fiber: schedule.rows[rows[0]].fiber.clone(),
            links: instances.len(),
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
    // Links in schedule order (groups gathered them by racks).
    design.links = by_row.into_iter().flatten().collect();
    Ok(Plan {
        design,
        groups: summaries,
    })
}

/// The schedule planned with `options` and resolved, as a loaded design,
/// with what was planned between each pair of racks.
pub fn plan_and_resolve(
    catalog: &Catalog,
    schedule: &Schedule,
    options: &PlanOptions,
) -> Result<(Vec<GroupSummary>, LoadedDesign), InputError> {
    let plan = plan(catalog, schedule, options)?;
    let resolved = resolve_design(catalog, &plan.design)
        .map_err(|u| InputError::new(&schedule.file, u.message).field(u.field))?;
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
    let schedule = crate::io::schedule::read(path, None, catalog)?;
    plan_and_resolve(catalog, &schedule, &PlanOptions::for_schedule(path)).map(|(_, l)| l)
}

/// A design file, or a link schedule planned with the defaults.
pub fn load_design_or_schedule(
    path: &std::path::Path,
    catalog: &Catalog,
) -> Result<LoadedDesign, InputError> {
    if crate::io::schedule::is_schedule(path) {
        load_schedule(path, catalog)
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
    (_, grades, fibers, _): &(&ChannelTemplate, Grades, FiberCount, Polish),
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
            grade: grades.lc.clone(),
            fiber: None,
        }),
        ModuleKind::Parallel => Element::Cable(Cable {
            role: CableRole::Cord,
            length_m,
            fibers: *fibers,
            polarity: *polarity,
            ends: *ends,
            grade: grades.cord.clone(),
            fiber: None,
            polish: None,
            splices: 0,
        }),
    }
}

fn link(row: &ScheduleRow, id: &str, path: Vec<Element>) -> Link {
    Link {
        id: id.to_owned(),
        count: 1,
        transceiver: row.transceiver.clone(),
        port: 1,
        far_transceiver: None,
        fiber: row.fiber.clone(),
        path,
        legs: Vec::new(),
        labels: Some(Box::new(LinkLabels {
            near_rack: Some(row.near_rack.clone()),
            far_rack: Some(row.far_rack.clone()),
            near_port: row.near_port.clone(),
            far_port: row.far_port.clone(),
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
