//! What a design's links come to: ids resolved once ([`resolve`]), the loss
//! budget ([`budget`]), polarity and mates ([`polarity`]), both together for a
//! link ([`link`]), reach against mated pairs ([`assurance`]) and the
//! statistical budget ([`stats`]).

pub mod assurance;
pub mod budget;
pub mod infra;
pub mod link;
pub mod polarity;
pub mod resolve;
pub mod shape;
pub mod stats;

pub use link::{
    LegAnalysis, LinkAnalysis, Verdict, analyze, analyze_with_fix, coded_verdict, verdict, verdicts,
};
pub use shape::Judge;
