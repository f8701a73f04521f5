//! Compact JSON for one flat record (a struct of numbers, strings, dates and options, as the
//! report's customer rows and predictions are), written straight into a byte buffer: the same
//! bytes `serde_json::to_writer` writes, with less work a field. serde_json writes each key
//! through its escaping loop, a few bytes at a time; here a key or a string that needs no
//! escaping (nearly all) is copied in one piece. Numbers are formatted by the crates serde_json
//! formats them with (zmij, itoa), so they are the same digits.
//!
//! Anything else (a list, a map, an enum with data) is refused with [`Unsupported`]: the caller
//! then writes that record with serde_json instead, so the text stays right for any record.

use serde::ser::{self, Impossible, Serialize};
use std::fmt::{self, Write as _};

/// A record has a part this writer leaves to serde_json.
#[derive(Debug)]
pub struct Unsupported;

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("not a flat record")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unsupported
    }
}

/// Appends `value` to `out` as compact JSON, as `serde_json::to_writer` would; on
/// [`Unsupported`], `out` may hold part of the record (the caller truncates it).
pub fn write<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Unsupported> {
    value.serialize(&mut Flat { out })
}

/// The serializer: the buffer written to.
struct Flat<'a> {
    out: &'a mut Vec<u8>,
}

/// Whether JSON writes `s` between quotes as it is: no quote, backslash or control character
/// (serde_json escapes exactly those; everything else, non-ASCII too, goes out unchanged).
fn plain(s: &str) -> bool {
    s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\')
}

impl Flat<'_> {
    fn string(&mut self, s: &str) {
        if plain(s) {
            self.out.reserve(s.len() + 2);
            self.out.push(b'"');
            self.out.extend_from_slice(s.as_bytes());
            self.out.push(b'"');
        } else {
            // Writing into a Vec cannot fail.
            let _ = serde_json::to_writer(&mut *self.out, s);
        }
    }

    fn integer(&mut self, i: impl itoa::Integer) {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(i).as_bytes());
    }
}

impl<'a, 'b> ser::Serializer for &'a mut Flat<'b> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Impossible<(), Unsupported>;
    type SerializeTuple = Impossible<(), Unsupported>;
    type SerializeTupleStruct = Impossible<(), Unsupported>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = Impossible<(), Unsupported>;
    type SerializeStruct = Fields<'a, 'b>;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Unsupported> {
        self.integer(v);
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Unsupported> {
        self.integer(v);
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Unsupported> {
        self.integer(v);
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Unsupported> {
        self.integer(v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Unsupported> {
        self.integer(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Unsupported> {
        self.integer(v);
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Unsupported> {
        self.integer(v);
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Unsupported> {
        self.integer(v);
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Unsupported> {
        self.integer(v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Unsupported> {
        self.integer(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Unsupported> {
        if v.is_finite() {
            let mut buffer = zmij::Buffer::new();
            self.out
                .extend_from_slice(buffer.format_finite(v).as_bytes());
        } else {
            self.out.extend_from_slice(b"null");
        }
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Unsupported> {
        if v.is_finite() {
            let mut buffer = zmij::Buffer::new();
            self.out
                .extend_from_slice(buffer.format_finite(v).as_bytes());
        } else {
            self.out.extend_from_slice(b"null");
        }
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Unsupported> {
        self.out.push(b'{');
        Ok(Fields {
            flat: self,
            first: true,
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        // Dates come this way (chrono writes them through Display): short, so formatted on the
        // stack and written as one string.
        let mut text = Short::default();
        if write!(text, "{value}").is_ok() {
            self.string(text.as_str());
            return Ok(());
        }
        let mut text = String::new();
        write!(text, "{value}").map_err(|_| Unsupported)?;
        self.string(&text);
        Ok(())
    }
}

/// The fields of a struct being written.
struct Fields<'a, 'b> {
    flat: &'a mut Flat<'b>,
    first: bool,
}

impl ser::SerializeStruct for Fields<'_, '_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        let out = &mut *self.flat.out;
        if !self.first {
            out.push(b',');
        }
        self.first = false;
        if plain(key) {
            out.reserve(key.len() + 3);
            out.push(b'"');
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(b"\":");
        } else {
            self.flat.string(key);
            self.flat.out.push(b':');
        }
        value.serialize(&mut *self.flat)
    }

    fn end(self) -> Result<(), Unsupported> {
        self.flat.out.push(b'}');
        Ok(())
    }
}

/// Text of at most 32 bytes on the stack; a longer write fails (the caller then uses a String).
#[derive(Default)]
struct Short {
    bytes: [u8; 32],
    len: usize,
}

impl Short {
    fn as_str(&self) -> &str {
        // Only whole `&str`s are copied in, so the bytes are UTF-8.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl fmt::Write for Short {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use serde::Serialize;

    #[derive(Serialize)]
    enum Kind {
        Plain,
        #[serde(rename = "odd \"name\"")]
        Odd,
    }

    #[derive(Serialize)]
    struct Unit;

    #[derive(Serialize)]
    struct Id(u64);

    #[derive(Serialize)]
    struct Record {
        id: String,
        #[serde(rename = "T")]
        t: f64,
        tiny: f64,
        huge: f64,
        negative_zero: f64,
        nan: f64,
        infinite: f32,
        single: f32,
        missing: Option<f64>,
        present: Option<f64>,
        day: NaiveDate,
        far: NaiveDate,
        next: Option<NaiveDate>,
        count: u32,
        signed: i64,
        wide: i128,
        big: u128,
        small: u8,
        flag: bool,
        letter: char,
        quote: char,
        kind: Kind,
        odd: Kind,
        unit: Unit,
        id_newtype: Id,
        empty: (),
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        #[serde(rename = "key with \"quotes\"\n")]
        escaped_key: u8,
    }

    fn record(id: &str) -> Record {
        Record {
            id: id.to_string(),
            t: 382.0,
            tiny: 5e-324,
            huge: 1.7976931348623157e308,
            negative_zero: -0.0,
            nan: f64::NAN,
            infinite: f32::NEG_INFINITY,
            single: 0.1,
            missing: None,
            present: Some(120.71000000000001),
            day: NaiveDate::from_ymd_opt(2024, 4, 19).unwrap(),
            far: NaiveDate::from_ymd_opt(-12, 1, 2).unwrap(),
            next: NaiveDate::from_ymd_opt(262_000, 12, 31),
            count: u32::MAX,
            signed: i64::MIN,
            wide: i128::MIN,
            big: u128::MAX,
            small: 7,
            flag: true,
            letter: 'é',
            quote: '"',
            kind: Kind::Plain,
            odd: Kind::Odd,
            unit: Unit,
            id_newtype: Id(42),
            empty: (),
            skipped: None,
            escaped_key: 1,
        }
    }

    fn flat(value: &(impl Serialize + ?Sized)) -> Result<Vec<u8>, Unsupported> {
        let mut out = b"[".to_vec();
        write(&mut out, value)?;
        Ok(out)
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let ids = [
            "customer@example.com",
            "Ünïcødé 客户 🛒",
            "tab\there",
            "quote\" and \\ backslash",
            "control \u{1} \u{1f} and del \u{7f}",
            "",
        ];
        for id in ids {
            let r = record(id);
            let mut expected = b"[".to_vec();
            serde_json::to_writer(&mut expected, &r).unwrap();
            assert_eq!(
                String::from_utf8(flat(&r).unwrap()).unwrap(),
                String::from_utf8(expected).unwrap()
            );
        }
    }

    #[test]
    fn lists_maps_and_enums_with_data_are_left_to_serde_json() {
        #[derive(Serialize)]
        struct WithList {
            a: u8,
            list: Vec<u8>,
        }
        #[derive(Serialize)]
        enum Data {
            Newtype(u8),
        }
        assert!(flat(&WithList {
            a: 1,
            list: vec![1]
        })
        .is_err());
        assert!(flat(&Data::Newtype(1)).is_err());
        assert!(flat(&std::collections::BTreeMap::from([(1, 2)])).is_err());
        assert!(flat(&(1, 2)).is_err());
        assert!(flat(&b"bytes"[..]).is_err());
    }

    #[test]
    fn long_displayed_text_is_written_whole() {
        struct Long;
        impl Serialize for Long {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(&"a \"long\" text, longer than thirty-two bytes")
            }
        }
        let mut expected = b"[".to_vec();
        serde_json::to_writer(&mut expected, &Long).unwrap();
        assert_eq!(flat(&Long).unwrap(), expected);
    }
}
