//! How the page and the worker encode their messages: MessagePack with named fields.
//!
//! gloo-worker's default, bincode, is not self-describing, so the engine's types had to avoid
//! `serde(flatten)` and `skip_serializing_if` and keep hand-written mirrors. MessagePack carries
//! field names and value types, so the engine's types cross as they are, NaN included (which
//! JSON could not carry). It is not human-readable (`Serializer::is_human_readable` is false),
//! so typed values — warnings, skip reasons, errors — cross typed; the documented JSON shape
//! (`code`, `params`, `message`) is only for human-readable formats.

use gloo_worker::Codec;
use js_sys::Uint8Array;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// The worker's message encoding (set on both the spawner and the registrar).
#[derive(Debug)]
pub struct MessagePack;

/// A message as bytes. Fails only for a type serde cannot encode, which is a bug, not input.
pub fn to_bytes<T: Serialize>(message: &T) -> Result<Vec<u8>, rmp_serde::encode::Error> {
    rmp_serde::to_vec_named(message)
}

/// A message from bytes made by [`to_bytes`].
pub fn from_bytes<T: for<'de> Deserialize<'de>>(
    bytes: &[u8],
) -> Result<T, rmp_serde::decode::Error> {
    rmp_serde::from_slice(bytes)
}

impl Codec for MessagePack {
    fn encode<I: Serialize>(input: I) -> JsValue {
        // The Codec trait cannot return an error; every message type is tested to encode.
        let bytes = to_bytes(&input).expect("a worker message encodes");
        Uint8Array::from(bytes.as_slice()).into()
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        from_bytes(&Uint8Array::from(input).to_vec()).expect("a worker message decodes")
    }
}
