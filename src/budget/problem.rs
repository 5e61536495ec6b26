//! What makes a link fail, with a stable code for scripts and a sentence for people.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// Stable: scripts match on it.
    pub code: &'static str,
    /// The path element (0-based index) it is about, if one.
    pub element: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn link(code: &'static str, message: String) -> Self {
        Self {
            code,
            element: None,
            message,
        }
    }

    pub fn at(code: &'static str, element: usize, message: String) -> Self {
        Self {
            code,
            element: Some(element),
            message,
        }
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
}
