//! Threads for the work a frame must not wait on: opening, planning an
//! import, saving, writing the recovery file, the links list's rows over a
//! large design, freeing a replaced design. On two cores such work (which
//! spreads over every core) took the core the frames are drawn on: while a
//! million-row schedule was planned, a tenth to a sixth of the frames took
//! over 4 ms, each having waited a whole scheduler tick (4 ms) for a worker.
//! These threads, and the threads they start, run below the frames'
//! priority, and a frame takes their outcome without joining them.
//!
//! The kernel's scheduler still lets a waiting worker run out a tick now and
//! then, whatever its priority (measured: nice 19 and `SCHED_IDLE` did no
//! better than nice 10), so some frames still wait.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

/// How far below the frames' priority the work runs, in the kernel's nice
/// values (19 is the lowest). Ten apart, a busy frame thread is given about
/// nine cycles in ten over a worker waiting for the core.
#[cfg(target_os = "linux")]
const NICENESS: i32 = 10;

/// Work under way on a thread of its own, below the frames' priority. Its
/// outcome is taken without joining the thread: a thread that planned a
/// million links spends 16 ms after its work handing its memory back to
/// the allocator, and a frame that joined it waited for that.
pub struct Job<T> {
    outcome: Arc<Outcome<T>>,
}

struct Outcome<T> {
    /// The work's value, or what it panicked with, once it has ended.
    value: Mutex<Option<std::thread::Result<T>>>,
    ended: Condvar,
}

/// Starts `work` on a thread named `name`, below the frames' priority.
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
            below_the_frames();
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

/// Lowers the calling thread's priority (Linux keeps a nice value for each
/// thread, and a thread it starts inherits it). Where it cannot, the work
/// runs as before: only its frames' smoothness is at stake.
#[cfg(target_os = "linux")]
fn below_the_frames() {
    use rustix::process::{getpriority_process, setpriority_process};
    let this = Some(rustix::thread::gettid());
    let frames = getpriority_process(this).unwrap_or(0);
    let _ = setpriority_process(this, (frames + NICENESS).min(19));
}

/// Elsewhere the process's priority is one value for all its threads
/// (macOS), or set another way (Windows): left as it is.
#[cfg(not(target_os = "linux"))]
fn below_the_frames() {}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    #[cfg(target_os = "linux")]
    #[test]
    fn work_runs_below_the_frames_and_so_do_the_threads_it_starts() {
        let own = || rustix::process::getpriority_process(Some(rustix::thread::gettid()));
        let Ok(frames) = own() else {
            panic!("the frames' priority could not be read");
        };
        let job = super::spawn("test-background", move || {
            let started = std::thread::spawn(own).join().ok().and_then(Result::ok);
            (own().ok(), started)
        });
        let Ok(Ok((work, started))) = job.map(super::Job::outcome) else {
            panic!("no background thread");
        };
        // Raised towards 19 (a process already at 19 stays there).
        let expected = (frames + super::NICENESS).min(19);
        assert_eq!(work, Some(expected));
        assert_eq!(started, Some(expected));
        // The calling thread keeps its own.
        assert_eq!(own().ok(), Some(frames));
    }

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
