//! Background work: one pattern for everything the window must not wait on (loading a dataset,
//! writing an export, asking the desktop for a file name). A [`Job`] runs a closure on a named
//! thread and is polled once a frame, as egui's own examples poll a promise; the thread asks
//! for a repaint when it is done, so a finished job is picked up at once.

use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// Work running on its own thread, and its result once done.
pub(crate) struct Job<T> {
    receiver: Receiver<T>,
}

/// What polling a job found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Poll<T> {
    /// Still running.
    Running,
    /// Finished with this result.
    Done(T),
    /// The thread ended without a result (it panicked).
    Lost,
}

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on a thread called `name`; `ctx` is asked to repaint when it is done.
    ///
    /// # Errors
    /// The thread could not be started (the system is out of threads or memory).
    pub(super) fn spawn(
        name: &str,
        ctx: &egui::Context,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> std::io::Result<Self> {
        let (send, receiver) = channel();
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                in_background();
                let _ = send.send(work());
                ctx.request_repaint();
            })?;
        Ok(Self { receiver })
    }

    /// Whether it has finished, without waiting.
    pub(crate) fn poll(&self) -> Poll<T> {
        match self.receiver.try_recv() {
            Ok(result) => Poll::Done(result),
            Err(TryRecvError::Empty) => Poll::Running,
            Err(TryRecvError::Disconnected) => Poll::Lost,
        }
    }
}

/// Polls the job in `slot`: its result once done (the slot is then emptied), `Some(None)` when
/// it was lost, `None` while it runs or when there is none.
pub(crate) fn take_finished<T: Send + 'static>(slot: &mut Option<Job<T>>) -> Option<Option<T>> {
    let poll = slot.as_ref()?.poll();
    match poll {
        Poll::Running => None,
        Poll::Done(result) => {
            *slot = None;
            Some(Some(result))
        }
        Poll::Lost => {
            *slot = None;
            Some(None)
        }
    }
}

/// Lowers the calling thread's priority (nice 10), so that on a machine with few cores the
/// frame is drawn before background work (a route layer's picture, tiles, a load) goes on.
pub(super) fn in_background() {
    // SAFETY: setpriority takes no pointers; on Linux, PRIO_PROCESS with id 0 names the calling
    // thread, whose nice value is its own. A failure (not permitted) leaves the priority as is.
    #[expect(
        unsafe_code,
        reason = "libc's setpriority is a foreign call; std has no thread priority"
    )]
    let failed = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 10) } != 0;
    if failed {
        log::debug!("cannot lower a background thread's priority");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_gives_its_result_once_and_then_is_gone() {
        let ctx = egui::Context::default();
        let mut slot = Some(Job::spawn("test-job", &ctx, || 6 * 7).unwrap());
        let mut result = None;
        for _ in 0..200 {
            if let Some(done) = take_finished(&mut slot) {
                result = done;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(result, Some(42));
        assert!(slot.is_none());
        assert_eq!(take_finished(&mut slot), None);
    }

    #[test]
    fn a_job_whose_thread_panics_is_reported_lost() {
        let ctx = egui::Context::default();
        let mut slot: Option<Job<u8>> = Some(
            Job::spawn("test-job", &ctx, || {
                panic!("deliberately, to test a lost job")
            })
            .unwrap(),
        );
        let mut outcome = None;
        for _ in 0..200 {
            if let Some(done) = take_finished(&mut slot) {
                outcome = Some(done);
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(outcome, Some(None));
    }
}
