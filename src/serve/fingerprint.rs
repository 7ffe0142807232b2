//! Fingerprints of template data: a 128-bit hash of a value's serde
//! serialization.
//!
//! Templates only ever see values through serde (Tera converts the context
//! with `Serialize`), so two values with the same serialization render the
//! same. Serializing straight into a byte buffer and hashing it once is far
//! cheaper than building the Tera values, which is what lets the dev server
//! fingerprint every page of a 10,000-page site on each rebuild.
//!
//! The encoding is unambiguous: every value starts with a tag byte, strings
//! are length-prefixed, compound values end with an end tag, and struct
//! fields carry their names (so an omitted `skip_serializing_if` field
//! differs from a present one).

use serde::Serialize;
use serde::ser::{self, SerializeMap, SerializeSeq, SerializeStruct};
use std::fmt;
use xxhash_rust::xxh3::xxh3_128;

/// A page or value fingerprint.
pub type Fp = u128;

/// Hashes `value`, reusing `buf` as scratch space.
pub fn of<T: Serialize + ?Sized>(buf: &mut Vec<u8>, value: &T) -> Fp {
    buf.clear();
    // Our serializer cannot fail; a `Serialize` impl that reports an error
    // still leaves a deterministic prefix, and the error marker is hashed.
    if value.serialize(Enc(buf)).is_err() {
        buf.push(0xEE);
    }
    xxh3_128(buf)
}

/// Hashes a sequence of fingerprints (with a leading tag so that different
/// kinds of combination never collide).
pub fn combine(tag: &str, parts: impl IntoIterator<Item = Fp>) -> Fp {
    let mut bytes = Vec::with_capacity(64);
    bytes.extend_from_slice(&(tag.len() as u64).to_le_bytes());
    bytes.extend_from_slice(tag.as_bytes());
    for p in parts {
        bytes.extend_from_slice(&p.to_le_bytes());
    }
    xxh3_128(&bytes)
}

/// The encoder's (never produced) error.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

// Tag bytes.
const BOOL: u8 = 1;
const INT: u8 = 2;
const FLOAT: u8 = 3;
const CHAR: u8 = 4;
const STR: u8 = 5;
const BYTES: u8 = 6;
const NONE: u8 = 7;
const SOME: u8 = 8;
const UNIT: u8 = 9;
const VARIANT: u8 = 10;
const SEQ: u8 = 11;
const MAP: u8 = 12;
const STRUCT: u8 = 13;
const END: u8 = 14;
const U128: u8 = 15;

/// The encoder: appends to a buffer.
struct Enc<'a>(&'a mut Vec<u8>);

impl Enc<'_> {
    fn str(&mut self, s: &str) {
        self.0.push(STR);
        self.0.extend_from_slice(&(s.len() as u64).to_le_bytes());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn int(&mut self, v: i128) {
        self.0.push(INT);
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn variant(&mut self, index: u32, name: &str) {
        self.0.push(VARIANT);
        self.0.extend_from_slice(&index.to_le_bytes());
        self.str(name);
    }
    fn reborrow(&mut self) -> Enc<'_> {
        Enc(self.0)
    }
}

macro_rules! ints {
    ($($f:ident: $t:ty),*) => {$(
        fn $f(mut self, v: $t) -> Result<(), Error> {
            self.int(v as i128);
            Ok(())
        }
    )*};
}

impl<'a> ser::Serializer for Enc<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Enc<'a>;
    type SerializeTuple = Enc<'a>;
    type SerializeTupleStruct = Enc<'a>;
    type SerializeTupleVariant = Enc<'a>;
    type SerializeMap = Enc<'a>;
    type SerializeStruct = Enc<'a>;
    type SerializeStructVariant = Enc<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.0.extend_from_slice(&[BOOL, u8::from(v)]);
        Ok(())
    }
    ints!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
          serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64);
    fn serialize_i128(mut self, v: i128) -> Result<(), Error> {
        self.int(v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.0.push(U128);
        self.0.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.0.push(FLOAT);
        self.0.extend_from_slice(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.0.push(CHAR);
        self.0.extend_from_slice(&u32::from(v).to_le_bytes());
        Ok(())
    }
    fn serialize_str(mut self, v: &str) -> Result<(), Error> {
        self.str(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.0.push(BYTES);
        self.0.extend_from_slice(&(v.len() as u64).to_le_bytes());
        self.0.extend_from_slice(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.0.push(NONE);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        self.0.push(SOME);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.0.push(UNIT);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        mut self,
        _: &'static str,
        i: u32,
        v: &'static str,
    ) -> Result<(), Error> {
        self.variant(i, v);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _: &'static str,
        i: u32,
        v: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.variant(i, v);
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Enc<'a>, Error> {
        self.0.push(SEQ);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Enc<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Enc<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        mut self,
        _: &'static str,
        i: u32,
        v: &'static str,
        _: usize,
    ) -> Result<Enc<'a>, Error> {
        self.variant(i, v);
        self.0.push(SEQ);
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Enc<'a>, Error> {
        self.0.push(MAP);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Enc<'a>, Error> {
        self.0.push(STRUCT);
        Ok(self)
    }
    fn serialize_struct_variant(
        mut self,
        _: &'static str,
        i: u32,
        v: &'static str,
        _: usize,
    ) -> Result<Enc<'a>, Error> {
        self.variant(i, v);
        self.0.push(STRUCT);
        Ok(self)
    }
}

impl SerializeSeq for Enc<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(self.reborrow())
    }
    fn end(self) -> Result<(), Error> {
        self.0.push(END);
        Ok(())
    }
}

impl ser::SerializeTuple for Enc<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(self.reborrow())
    }
    fn end(self) -> Result<(), Error> {
        self.0.push(END);
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Enc<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(self.reborrow())
    }
    fn end(self) -> Result<(), Error> {
        self.0.push(END);
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Enc<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(self.reborrow())
    }
    fn end(self) -> Result<(), Error> {
        self.0.push(END);
        Ok(())
    }
}

impl SerializeMap for Enc<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        key.serialize(self.reborrow())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(self.reborrow())
    }
    fn end(self) -> Result<(), Error> {
        self.0.push(END);
        Ok(())
    }
}

impl SerializeStruct for Enc<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.str(key);
        value.serialize(self.reborrow())
    }
    fn end(self) -> Result<(), Error> {
        self.0.push(END);
        Ok(())
    }
}

impl ser::SerializeStructVariant for Enc<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.str(key);
        value.serialize(self.reborrow())
    }
    fn end(self) -> Result<(), Error> {
        self.0.push(END);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct A {
        x: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        y: Option<u32>,
        v: Vec<String>,
    }

    #[test]
    fn distinguishes_what_templates_could_tell_apart() {
        let mut buf = Vec::new();
        let a = |x: Option<&str>, y, v: &[&str]| A {
            x: x.map(str::to_string),
            y,
            v: v.iter().map(|s| s.to_string()).collect(),
        };
        let fps = [
            of(&mut buf, &a(None, None, &[])),
            of(&mut buf, &a(Some(""), None, &[])),
            of(&mut buf, &a(None, Some(0), &[])),
            of(&mut buf, &a(None, None, &[""])),
            of(&mut buf, &a(None, None, &["ab"])),
            of(&mut buf, &a(None, None, &["a", "b"])),
        ];
        for i in 0..fps.len() {
            for j in 0..i {
                assert_ne!(fps[i], fps[j], "{i} vs {j}");
            }
        }
        assert_eq!(fps[4], of(&mut buf, &a(None, None, &["ab"])));
        assert_ne!(of(&mut buf, &1.0f64), of(&mut buf, &1u32));
        assert_ne!(combine("a", [1, 2]), combine("a", [2, 1]));
        assert_ne!(combine("a", [1]), combine("b", [1]));
    }
}
