//! Where the checks put what they find. A full analysis keeps every problem
//! with its sentence; a verdict only counts them. The sentence is a closure,
//! called only when kept, so judging a whole design writes no words and, for
//! a link that passes or fails only its loss, allocates nothing.

use super::problem::{Check, Failures, Problem, Severity};

#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// `None` when only counting.
    kept: Option<Vec<Problem>>,
    /// Whether a kept problem gets its sentence (a table of codes needs none).
    sentences: bool,
    errors: u32,
    warnings: u32,
    failed: Failures,
    /// Where the kept problems about the channel's limits are, once judged
    /// (see [`Self::limits`]).
    limits: Option<std::ops::Range<usize>>,
}

impl Findings {
    /// Every problem kept, with its sentence.
    pub fn kept() -> Self {
        Self {
            kept: Some(Vec::new()),
            sentences: true,
            ..Self::default()
        }
    }

    /// Every problem kept with its code and element, its sentence left
    /// empty: what a table of problem codes needs, no words written.
    pub fn coded() -> Self {
        Self {
            kept: Some(Vec::new()),
            ..Self::default()
        }
    }

    /// Problems counted, not kept.
    pub fn counted() -> Self {
        Self::default()
    }

    /// An error about the path element `element` (0-based).
    pub fn error_at(
        &mut self,
        code: &'static str,
        element: usize,
        message: impl FnOnce() -> String,
    ) {
        self.add(code, Some(element), Severity::Error, message);
    }

    /// An error about the whole link.
    pub fn error(&mut self, code: &'static str, message: impl FnOnce() -> String) {
        self.add(code, None, Severity::Error, message);
    }

    /// A warning about the whole link: noted, but the link still passes.
    pub fn warning(&mut self, code: &'static str, message: impl FnOnce() -> String) {
        self.add(code, None, Severity::Warning, message);
    }

    pub fn add(
        &mut self,
        code: &'static str,
        element: Option<usize>,
        severity: Severity,
        message: impl FnOnce() -> String,
    ) {
        match severity {
            Severity::Error => {
                self.errors += 1;
                self.failed.insert(Check::of(code));
            }
            Severity::Warning => self.warnings += 1,
        }
        if let Some(kept) = &mut self.kept {
            kept.push(Problem {
                code,
                element,
                message: if self.sentences {
                    message()
                } else {
                    String::new()
                },
                severity,
            });
        }
    }

    pub fn errors(&self) -> u32 {
        self.errors
    }

    pub fn warnings(&self) -> u32 {
        self.warnings
    }

    /// What the errors so far are about.
    pub fn failed(&self) -> Failures {
        self.failed
    }

    /// How many problems are kept so far.
    pub(crate) fn kept_count(&self) -> usize {
        self.kept.as_ref().map_or(0, Vec::len)
    }

    /// The problems kept since `from` (a [`Self::kept_count`]) are about
    /// the channel's limits.
    pub(crate) fn mark_limits(&mut self, from: usize) {
        self.limits = Some(from..self.kept_count());
    }

    /// Where the kept problems about the channel's limits are, if they were
    /// judged: a judge of shapes keeps the others apart
    /// (`analysis::shape`).
    pub(crate) fn limits(&self) -> Option<std::ops::Range<usize>> {
        self.limits.clone()
    }

    /// The kept problems in the order found (none when only counting).
    pub fn into_problems(self) -> Vec<Problem> {
        self.kept.unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_never_writes_the_sentence_and_keeping_does() {
        let mut counted = Findings::counted();
        counted.error("loss-over-limit", || {
            unreachable!("no sentence when counting")
        });
        counted.warning("fiber-mixed-types", || {
            unreachable!("no sentence when counting")
        });
        assert_eq!((counted.errors(), counted.warnings()), (1, 1));
        assert_eq!(counted.failed().labels(), "loss");
        assert!(counted.into_problems().is_empty());

        let mut kept = Findings::kept();
        kept.error_at("polish-mismatch", 3, || "adapter 2 joins APC to UPC".into());
        kept.warning("fiber-mixed-types", || "mixes OM4 with OM3".into());
        assert_eq!((kept.errors(), kept.warnings()), (1, 1));
        let problems = kept.into_problems();
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].element, Some(3));
        assert_eq!(problems[0].message, "adapter 2 joins APC to UPC");
        assert_eq!(problems[1].severity, Severity::Warning);

        let mut coded = Findings::coded();
        coded.error_at("polish-mismatch", 3, || {
            unreachable!("no sentence for a code")
        });
        coded.warning("fiber-mixed-types", || {
            unreachable!("no sentence for a code")
        });
        assert_eq!((coded.errors(), coded.warnings()), (1, 1));
        let problems = coded.into_problems();
        let codes: Vec<_> = problems.iter().map(|p| (p.code, p.element)).collect();
        assert_eq!(
            codes,
            [("polish-mismatch", Some(3)), ("fiber-mixed-types", None)]
        );
        assert!(problems.iter().all(|p| p.message.is_empty()));
    }
}
