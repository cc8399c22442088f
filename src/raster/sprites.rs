//! Rendered labels kept for reuse: a town's name is drawn once per size and density, then
//! copied into every tile that shows it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use tiny_skia::{Pixmap, PixmapMut, PixmapPaint, Transform};

use super::paint::{TextStyle, text};
use crate::ink::{Anchor, Rgba};
use crate::typeface::{Face, cap_height, measure};

/// Labels kept at most; the cache is emptied when it grows past this.
const CAPACITY: usize = 8192;

/// Everything a drawn label depends on: text, size (1/64 px), face, colour, and halo colour and
/// width (1/64 px).
type Key = (String, u32, Face, Rgba, Option<(Rgba, u32)>);

struct Sprite {
    pixmap: Pixmap,
    /// Where the text's anchor point (left end, vertical centre) is inside the sprite.
    origin: [f32; 2],
    width: f32,
}

fn cache() -> &'static Mutex<HashMap<Key, Arc<Sprite>>> {
    static CACHE: OnceLock<Mutex<HashMap<Key, Arc<Sprite>>>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "sprite sizes are small whole numbers of px"
)]
fn sprite(label: &str, style: TextStyle) -> Option<Arc<Sprite>> {
    let halo = style.halo.map_or(0.0, |(_, w)| w);
    let key = (
        label.to_owned(),
        (style.size * 64.0) as u32,
        style.face,
        style.color,
        style
            .halo
            .map(|(color, width)| (color, (width * 64.0) as u32)),
    );
    if let Some(found) = cache()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
    {
        return Some(Arc::clone(found));
    }
    let width = measure(label, style.size, style.face);
    let pad = halo + 2.0;
    let w = (width + 2.0 * pad).ceil().max(1.0) as u32;
    let h = (style.size * 1.6 + 2.0 * pad).ceil().max(1.0) as u32;
    let mut pixmap = Pixmap::new(w, h)?;
    let origin = [pad, h as f32 / 2.0 - cap_height(style.size) * 0.05];
    text(&mut pixmap.as_mut(), label, origin, Anchor::Left, style);
    let made = Arc::new(Sprite {
        pixmap,
        origin,
        width,
    });
    let mut map = cache().lock().unwrap_or_else(PoisonError::into_inner);
    if map.len() >= CAPACITY {
        map.clear();
    }
    map.insert(key, Arc::clone(&made));
    Some(made)
}

/// Draws `label` like [`text`], from the sprite cache; returns the text's width.
pub(crate) fn cached_text(
    pixmap: &mut PixmapMut<'_>,
    label: &str,
    at: [f32; 2],
    anchor: Anchor,
    style: TextStyle,
) -> f32 {
    let Some(s) = sprite(label, style) else {
        return 0.0;
    };
    let left = match anchor {
        Anchor::Left => at[0],
        Anchor::Right => at[0] - s.width,
        Anchor::Center => at[0] - s.width / 2.0,
    };
    #[expect(
        clippy::cast_possible_truncation,
        reason = "sprite sizes are small whole numbers of px"
    )]
    let (x, y) = (
        (left - s.origin[0]).round() as i32,
        (at[1] - s.origin[1]).round() as i32,
    );
    pixmap.draw_pixmap(
        x,
        y,
        s.pixmap.as_ref(),
        &PixmapPaint::default(),
        Transform::identity(),
        None,
    );
    s.width
}
