//! The parts of open lines near a band of rows, for drawing a long line into one band without
//! dashing and stroking all of it.

/// A stretch of a line: its points, and how far along its line it starts (px), so a dash
/// pattern can carry on from there.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Stretch {
    pub(super) points: Vec<[f32; 2]>,
    pub(super) from: f32,
}

/// The stretches of `runs` whose segments come within rows `y0..y1`: whole segments only, so a
/// stretch's points are its line's points, and a stretch ends at a point outside the rows.
/// Each run is a line of its own, measured from its first point.
pub(super) fn stretches_near(runs: &[Vec<[f32; 2]>], y0: f32, y1: f32) -> Vec<Stretch> {
    let mut out = Vec::new();
    for run in runs {
        let mut along = 0.0f32;
        let mut current: Option<Stretch> = None;
        for pair in run.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let near = a[1].min(b[1]) <= y1 && a[1].max(b[1]) >= y0;
            if near {
                current
                    .get_or_insert_with(|| Stretch {
                        points: vec![a],
                        from: along,
                    })
                    .points
                    .push(b);
            } else if let Some(done) = current.take() {
                out.push(done);
            }
            along += (b[0] - a[0]).hypot(b[1] - a[1]);
        }
        out.extend(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_segments_near_the_rows_are_kept_with_how_far_along_they_start() {
        // Down through rows 100–200, back up and down again.
        let run = vec![
            [0.0, 0.0],
            [0.0, 50.0],
            [0.0, 150.0],
            [30.0, 150.0],
            [30.0, 300.0],
            [30.0, 400.0],
            [60.0, 400.0],
            [60.0, 120.0],
        ];
        let near = stretches_near(&[run], 100.0, 200.0);
        assert_eq!(
            near,
            vec![
                Stretch {
                    points: vec![[0.0, 50.0], [0.0, 150.0], [30.0, 150.0], [30.0, 300.0]],
                    from: 50.0,
                },
                Stretch {
                    points: vec![[60.0, 400.0], [60.0, 120.0]],
                    from: 50.0 + 100.0 + 30.0 + 150.0 + 100.0 + 30.0,
                },
            ]
        );
    }

    #[test]
    fn each_run_is_measured_from_its_own_start_and_far_runs_give_nothing() {
        let runs = vec![
            vec![[0.0, 500.0], [10.0, 500.0]],
            vec![[0.0, 90.0], [0.0, 110.0]],
        ];
        let near = stretches_near(&runs, 100.0, 200.0);
        assert_eq!(
            near,
            vec![Stretch {
                points: vec![[0.0, 90.0], [0.0, 110.0]],
                from: 0.0,
            }]
        );
        assert!(stretches_near(&runs, 1000.0, 1100.0).is_empty());
    }
}
