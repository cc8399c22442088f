//! Koridor: a desktop map of the humanitarian evacuation corridors announced in Ukraine in
//! March–May 2022: where they led, how they fared, and who objected to them.
//!
//! The library holds everything but the window's entry point: the dataset model and loader
//! ([`Dataset`]), the command line ([`cli`]).
#![deny(clippy::unwrap_used)]

pub mod app;
pub mod archive;
pub mod basemap;
pub mod canvas;
pub mod cli;
mod data;
pub mod describe;
pub mod export;
pub mod fs;
pub mod i18n;
pub mod ink;
mod lang;
mod mercator;
pub mod net;
pub mod projection;
pub mod raster;
pub mod scene;
pub mod source;
pub mod synth;
pub mod typeface;
pub mod viewcode;

pub use data::*;
pub use lang::Lang;
