//! What makes a link fail, with a stable code for scripts and a sentence for people.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// Stable: scripts match on it.
    pub code: &'static str,
    /// The path element (0-based index) it is about, if one.
    pub element: Option<usize>,
    pub message: String,
    /// Errors fail the link; warnings do not.
    pub severity: Severity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Problem {
    pub fn link(code: &'static str, message: String) -> Self {
        Self {
            code,
            element: None,
            message,
            severity: Severity::Error,
        }
    }

    pub fn at(code: &'static str, element: usize, message: String) -> Self {
        Self {
            code,
            element: Some(element),
            message,
            severity: Severity::Error,
        }
    }

    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// What this problem is about.
    pub fn check(&self) -> Check {
        Check::of(self.code)
    }
}

/// What a problem is about, as a user reads a failing link: its loss, its
/// reach, its fiber, its path, its polarity, or one of its mates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Loss,
    Reach,
    /// Discrete reflections over the module's IEEE table.
    Reflectance,
    Fiber,
    Path,
    Polarity,
    Mates,
}

impl Check {
    pub const ALL: [Check; 7] = [
        Check::Loss,
        Check::Reach,
        Check::Reflectance,
        Check::Fiber,
        Check::Path,
        Check::Polarity,
        Check::Mates,
    ];

    /// The one place a problem code is sorted into what it is about.
    pub fn of(code: &str) -> Check {
        match code {
            code::LOSS_OVER_LIMIT | code::LOSS_WITHIN_ROUNDING => Check::Loss,
            code::REFLECTANCE_OVER_LIMIT => Check::Reflectance,
            code::OVER_REACH => Check::Reach,
            code::FIBER_NOT_SUPPORTED | code::FIBER_NO_ATTENUATION => Check::Fiber,
            c if c.starts_with("path-")
                || c.starts_with("infra-")
                || c == code::POLARITY_NOT_TRACED =>
            {
                Check::Path
            }
            c if c.starts_with("polarity-") => Check::Polarity,
            _ => Check::Mates,
        }
    }

    /// The word for it in badges, tables and JSON (`failed`).
    pub fn label(self) -> &'static str {
        match self {
            Check::Loss => "loss",
            Check::Reach => "reach",
            Check::Reflectance => "reflectance",
            Check::Fiber => "fiber",
            Check::Path => "path",
            Check::Polarity => "polarity",
            Check::Mates => "mates",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The checks a link fails, as a small set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Failures(u8);

impl Failures {
    pub fn insert(&mut self, check: Check) {
        self.0 |= check.bit();
    }

    pub fn contains(self, check: Check) -> bool {
        self.0 & check.bit() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn union(self, other: Failures) -> Failures {
        Failures(self.0 | other.0)
    }

    /// In a fixed order: loss, reach, fiber, path, polarity, mates.
    pub fn iter(self) -> impl Iterator<Item = Check> {
        Check::ALL.into_iter().filter(move |c| self.contains(*c))
    }

    /// "loss, polarity"; empty when nothing failed.
    pub fn labels(self) -> String {
        self.iter().map(Check::label).collect::<Vec<_>>().join(", ")
    }

    /// The failed checks of these problems' errors.
    pub fn of_problems<'a>(problems: impl IntoIterator<Item = &'a Problem>) -> Failures {
        let mut f = Failures::default();
        for p in problems.into_iter().filter(|p| p.is_error()) {
            f.insert(p.check());
        }
        f
    }
}

pub mod code {
    pub const LOSS_OVER_LIMIT: &str = "loss-over-limit";
    /// A warning: over the rounded table figure, within the standard's model.
    pub const LOSS_WITHIN_ROUNDING: &str = "loss-within-rounding";
    pub const OVER_REACH: &str = "over-reach";
    /// A discrete reflection over the module's IEEE table (single-mode PAM4).
    pub const REFLECTANCE_OVER_LIMIT: &str = "reflectance-over-limit";
    pub const FIBER_NOT_SUPPORTED: &str = "fiber-not-supported";
    pub const FIBER_NO_ATTENUATION: &str = "fiber-no-attenuation";
    pub const PATH_EMPTY: &str = "path-empty";
    pub const PATH_ENDS_WITH_JOINT: &str = "path-ends-with-joint";
    pub const PATH_UNJOINED_CABLES: &str = "path-unjoined-cables";
    pub const PATH_ADJACENT_JOINTS: &str = "path-adjacent-joints";
    pub const PATH_CASSETTE_SIDES: &str = "path-cassette-sides";
    pub const PATH_ADAPTER_LC_MPO: &str = "path-adapter-lc-mpo";
    /// The far module does not carry the near one's lane signal, or not on as many lanes.
    pub const PATH_MODULES_INCOMPATIBLE: &str = "path-modules-incompatible";
    /// A harness with no leg in use.
    pub const PATH_HARNESS_WITHOUT_LEGS: &str = "path-harness-without-legs";
    /// A shared panel port, cassette port or trunk fiber used by two links.
    pub const INFRA_CONFLICT: &str = "infra-conflict";
    /// A trunk leg not entered from the panels its trunk runs between.
    pub const INFRA_ROUTE: &str = "infra-route";

    pub const POLARITY_TX_ON_TX: &str = "polarity-tx-on-tx";
    pub const POLARITY_TX_ON_UNUSED: &str = "polarity-tx-on-unused";
    pub const POLARITY_LANES_TRANSPOSED: &str = "polarity-lanes-transposed";
    pub const POLARITY_LANE_LOST: &str = "polarity-lane-lost";
    pub const POLARITY_NO_LANE_MAP: &str = "polarity-no-lane-map";

    pub const GENDER_BOTH_MALE: &str = "gender-both-male";
    pub const GENDER_BOTH_FEMALE: &str = "gender-both-female";
    pub const GENDER_PINNED_AT_PORT: &str = "gender-pinned-at-port";

    pub const POLISH_MISMATCH: &str = "polish-mismatch";
    pub const POLISH_PORT_MISMATCH: &str = "polish-port-mismatch";

    pub const FIBER_MODE_MISMATCH: &str = "fiber-mode-mismatch";
    pub const FIBER_MIXED_TYPES: &str = "fiber-mixed-types";

    pub const KEY_OFFSET_MISMATCH: &str = "key-offset-mismatch";
    pub const KEY_COUNT_MISMATCH: &str = "key-count-mismatch";
    pub const KEY_PORT_MISMATCH: &str = "key-port-mismatch";

    pub const POLARITY_WRONG_PORT: &str = "polarity-wrong-port";
    /// A lane of one breakout port comes out of the harness on another leg.
    pub const POLARITY_WRONG_LEG: &str = "polarity-wrong-leg";
    /// The path is malformed, so no lane could be traced.
    pub const POLARITY_NOT_TRACED: &str = "polarity-not-traced";

    /// A cable, cord or cassette side names a grade of another connector family.
    pub const GRADE_FAMILY_MISMATCH: &str = "grade-family-mismatch";
}
