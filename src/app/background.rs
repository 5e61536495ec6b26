//! Threads for the work a frame must not wait on: opening, planning an
//! import, saving, writing the recovery file, the links list's rows over a
//! large design, freeing a replaced design. A frame takes their outcome
//! without joining the thread: a thread that planned a million links spent
//! 16 ms after its work handing its memory back to the allocator, and the
//! frame that joined it waited for that.
//!
//! They run at the frames' priority. Below it (nice 10 on Linux), fewer
//! frames waited for a worker while a million-row schedule was planned, but
//! the work the user waits for (an opening, a save an edit waits on) then
//! gave way to every other program on a busy machine: in CI, a test
//! restoring a design while other tests ran beside it did not see it end
//! within its thousand frames.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

/// Work under way on a thread of its own, its outcome taken without
/// joining the thread (see the module's note).
pub struct Job<T> {
    outcome: Arc<Outcome<T>>,
}

struct Outcome<T> {
    /// The work's value, or what it panicked with, once it has ended.
    value: Mutex<Option<std::thread::Result<T>>>,
    ended: Condvar,
}

/// Starts `work` on a thread named `name`.
pub fn spawn<T: Send + 'static>(
    name: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> std::io::Result<Job<T>> {
    let outcome = Arc::new(Outcome {
        value: Mutex::new(None),
        ended: Condvar::new(),
    });
    let told = Arc::clone(&outcome);
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            // What the work holds is let go of before its outcome is told
            // (an edit waits for the recovery write to let go of the design).
            let value = catch_unwind(AssertUnwindSafe(work));
            *told.value.lock().unwrap_or_else(PoisonError::into_inner) = Some(value);
            told.ended.notify_all();
        })?;
    Ok(Job { outcome })
}

impl<T> Job<T> {
    /// Whether the work has ended (its thread may still be closing).
    pub fn is_finished(&self) -> bool {
        self.value().is_some()
    }

    /// The work's value, or what it panicked with: waits for it to end.
    pub fn outcome(self) -> std::thread::Result<T> {
        let mut value = self.value();
        loop {
            if let Some(outcome) = value.take() {
                return outcome;
            }
            value = (self.outcome.ended.wait(value)).unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn value(&self) -> std::sync::MutexGuard<'_, Option<std::thread::Result<T>>> {
        (self.outcome.value.lock()).unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn a_job_is_finished_once_its_work_ends_and_tells_its_panic() {
        let (go, wait) = mpsc::channel::<()>();
        let Ok(job) = super::spawn("test-job", move || {
            let _ = wait.recv();
            41 + 1
        }) else {
            panic!("no thread");
        };
        std::thread::sleep(Duration::from_millis(20));
        assert!(!job.is_finished());
        let _ = go.send(());
        assert_eq!(job.outcome().ok(), Some(42));

        let Ok(job) = super::spawn("test-job", || -> u8 { panic!("on purpose") }) else {
            panic!("no thread");
        };
        let told = job.outcome().err();
        let message = told.as_ref().and_then(|p| p.downcast_ref::<&str>());
        assert_eq!(message, Some(&"on purpose"));
    }
}
