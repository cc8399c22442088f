//! A scale bar of a round length.

/// The longest round distance (1, 2 or 5 × 10ⁿ km, or metres below 1 km) whose bar fits in
/// `max_px` at `metres_per_px`; returns the length in metres and in px.
///
/// ```
/// use koridor::export::scale_bar;
/// let (metres, px) = scale_bar(1000.0, 150.0); // 1 km per px
/// assert_eq!(metres, 100_000.0);
/// assert_eq!(px, 100.0);
/// ```
#[must_use]
pub fn scale_bar(metres_per_px: f64, max_px: f64) -> (f64, f64) {
    let max_metres = metres_per_px * max_px;
    if !max_metres.is_finite() || max_metres <= 0.0 {
        return (0.0, 0.0);
    }
    let magnitude = 10f64.powf(max_metres.log10().floor());
    let metres = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&m| m <= max_metres)
        .unwrap_or(magnitude);
    (metres, metres / metres_per_px)
}

/// "250 km" or "500 m", with the unit in `lang` ("250 км").
#[must_use]
pub(crate) fn distance_label(metres: f64, lang: crate::Lang) -> String {
    use crate::i18n::trf;
    if metres >= 1000.0 {
        trf("{n} km", lang, &[("n", (metres / 1000.0).to_string())])
    } else {
        trf("{n} m", lang, &[("n", metres.to_string())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_bar_unit_is_in_the_interface_language() {
        assert_eq!(distance_label(50_000.0, crate::Lang::En), "50 km");
        assert_eq!(distance_label(50_000.0, crate::Lang::Uk), "50 км");
        assert_eq!(distance_label(500.0, crate::Lang::Uk), "500 м");
    }
}
