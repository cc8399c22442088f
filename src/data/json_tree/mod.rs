//! JSON text to a tree that borrows its strings from the text, in one pass, reporting what
//! `serde_json` would pass over in silence: a key given twice in one object. `serde_json` keeps
//! the last one, another reader may keep the first, so an `id` or a `status` could change
//! meaning between tools.
//!
//! The tree has the shape and the getters of `serde_json::Value`, but a string is a slice of
//! the text unless it holds an escape, and an object is a short list in file order rather than
//! a sorted map of owned keys: reading 10,000 corridors allocates about a third as often, and
//! the tree is freed in one pass over a few vectors.
//!
//! `value` is the tree and its getters; `read` reads text into it, reporting keys given twice,
//! and reads a collection with its features left as text, each to be read on its own.

mod read;
mod value;

#[cfg(test)]
pub(crate) use read::read;
pub(crate) use read::{FeaturesMember, Root, read_collection, read_feature};
pub(crate) use value::{Map, Value};
