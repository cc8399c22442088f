//! Any bytes through the dataset loader: it must return a dataset or problems, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match koridor::Dataset::from_slice(data, "fuzz") {
        Ok(dataset) => {
            for c in &dataset.corridors {
                let _ = c.latest_status();
                let _ = c.side();
            }
            let _ = dataset.time_span();
        }
        Err(err) => {
            let _ = err.lines();
        }
    }
});
