//! The vocabulary of paint that the scene describes and every painter reads: colours and how
//! a text sits on its anchor point. No drawing backend here, so the scene does not depend on
//! one.

/// An sRGB colour with alpha, shared by the egui and tiny-skia painters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgba(pub u8, pub u8, pub u8, pub u8);

impl Rgba {
    /// An opaque colour from `0xRRGGBB`.
    ///
    /// ```
    /// use koridor::ink::Rgba;
    /// assert_eq!(Rgba::hex(0x0072b2), Rgba(0x00, 0x72, 0xb2, 255));
    /// ```
    #[must_use]
    pub const fn hex(rgb: u32) -> Self {
        Self((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8, 255)
    }

    /// The same colour with another alpha.
    #[must_use]
    pub const fn with_alpha(self, alpha: u8) -> Self {
        Self(self.0, self.1, self.2, alpha)
    }
}

/// How a text's anchor point relates to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// Anchor at the left end, vertically centred.
    Left,
    /// Anchor at the right end, vertically centred.
    Right,
    /// Anchor at the centre.
    Center,
}
