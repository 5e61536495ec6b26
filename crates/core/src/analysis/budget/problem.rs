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
}

pub mod code {
    pub const LOSS_OVER_LIMIT: &str = "loss-over-limit";
    pub const OVER_REACH: &str = "over-reach";
    pub const FIBER_NOT_SUPPORTED: &str = "fiber-not-supported";
    pub const FIBER_NO_ATTENUATION: &str = "fiber-no-attenuation";
    pub const PATH_EMPTY: &str = "path-empty";
    pub const PATH_ENDS_WITH_JOINT: &str = "path-ends-with-joint";
    pub const PATH_UNJOINED_CABLES: &str = "path-unjoined-cables";
    pub const PATH_ADJACENT_JOINTS: &str = "path-adjacent-joints";
    pub const PATH_CASSETTE_SIDES: &str = "path-cassette-sides";
    pub const PATH_ADAPTER_LC_MPO: &str = "path-adapter-lc-mpo";

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
}
