//! The scripted gesture the panning and window benches send, one step a frame.

use egui::{Pos2, vec2};

/// One gesture step: where the pointer is, and what happens there.
#[derive(Clone, Copy)]
pub(crate) enum Step {
    Press(Pos2),
    Move(Pos2),
    Release(Pos2),
    Zoom(Pos2, f32),
}

/// A drag across the map one way and back, a zoom in and out over its centre (ending where it
/// began), and a second drag: 8 px a frame, as a hand moves a mouse.
pub(crate) fn gesture() -> Vec<Step> {
    let centre = Pos2::new(900.0, 500.0);
    let mut steps = Vec::new();
    for (dx, dy) in [(8.0, 3.0), (-8.0, -3.0)] {
        steps.push(Step::Press(centre));
        let mut at = centre;
        for _ in 0..40 {
            at += vec2(dx, dy);
            steps.push(Step::Move(at));
        }
        steps.push(Step::Release(at));
    }
    for (factor, count) in [(1.08_f32, 20), (1.0 / 1.08, 30), (1.08, 10)] {
        steps.extend(std::iter::repeat_n(Step::Zoom(centre, factor), count));
    }
    steps.push(Step::Press(centre));
    let mut at = centre;
    for _ in 0..40 {
        at += vec2(-6.0, 6.0);
        steps.push(Step::Move(at));
    }
    steps.push(Step::Release(at));
    steps
}
