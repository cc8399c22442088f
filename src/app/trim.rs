//! Giving freed memory back to the system once the window rests. glibc's allocator keeps the
//! heap it freed for reuse; a start or a load (reading the record, the first tiles, a route
//! layer) frees several MB that the idle window never uses again. A little after each, once the
//! map is drawn and nothing is being built, the free pages are returned.

use std::time::{Duration, Instant};

/// How long after a start or a load the freed memory is given back.
const AFTER: Duration = Duration::from_secs(2);

/// When the next return is due.
#[derive(Debug)]
pub(super) struct Trim {
    due: Option<Instant>,
}

impl Trim {
    /// A return due [`AFTER`] from now.
    pub(super) fn soon() -> Self {
        Self {
            due: Some(Instant::now() + AFTER),
        }
    }

    /// Another return due [`AFTER`] from now (a dataset was replaced).
    pub(super) fn again(&mut self) {
        *self = Self::soon();
    }

    /// Each frame: when a return is due and the window is `settled` (its map drawn and no
    /// layer or tile being built), gives the freed memory back; while one is due, asks for a
    /// frame at its time.
    pub(super) fn frame(&mut self, ctx: &egui::Context, settled: bool) {
        let Some(due) = self.due else {
            return;
        };
        let now = Instant::now();
        if now < due {
            ctx.request_repaint_after(due - now);
        } else if settled {
            self.due = None;
            give_back_freed_memory();
        } else {
            ctx.request_repaint_after(AFTER / 4);
        }
    }
}

/// Returns the allocator's free pages to the system (glibc's `malloc_trim`); elsewhere nothing.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let started = Instant::now();
        // SAFETY: malloc_trim takes a number and works on the allocator's own free lists under
        // its own locks; it frees nothing still in use.
        #[expect(
            unsafe_code,
            reason = "glibc's malloc_trim is a foreign call; std cannot return freed heap"
        )]
        let returned = unsafe { libc::malloc_trim(0) } == 1;
        log::debug!(
            "freed memory given back to the system: {returned} ({} µs)",
            started.elapsed().as_micros()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_due_return_waits_for_the_window_to_settle_then_happens_once() {
        let ctx = egui::Context::default();
        let mut trim = Trim {
            due: Some(Instant::now()),
        };
        trim.frame(&ctx, false);
        assert!(trim.due.is_some(), "a layer or tile is still being built");
        trim.frame(&ctx, true);
        assert!(trim.due.is_none(), "given back once settled");
        trim.again();
        trim.frame(&ctx, true);
        assert!(trim.due.is_some(), "a load's return waits its two seconds");
    }
}
