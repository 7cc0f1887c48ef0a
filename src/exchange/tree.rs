//! The JSON tree an import is checked on, borrowing its strings from the file's bytes.
//!
//! `serde_json::Value` copies every string and builds a hash map for every object: for a
//! 20k-milestone file that was a quarter of an import's time and most of its peak memory
//! (many times the file's size). Here a string without escapes points into the file, and
//! an object is its pairs in file order — exchange objects have at most nine keys, so a
//! look-up by scanning them is as quick as hashing. Duplicate keys keep the last value,
//! as `serde_json` does. An import reads the instruments array one item at a time
//! ([`from_slice_streaming`]), so only one instrument's tree is held at once.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// One JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Str(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Object<'a>),
}

/// A JSON object's members, in the order the file gives them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object<'a>(Vec<(Cow<'a, str>, Json<'a>)>);

impl<'a> Object<'a> {
    /// The value of `key`; the last one when the file repeats the key.
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_ref())
    }

    pub fn values(&self) -> impl Iterator<Item = &Json<'a>> {
        self.0.iter().map(|(_, v)| v)
    }
}

/// A document read with one array of its top-level object handed over item by item.
pub struct Streamed<'a> {
    /// The document, with the streamed array left empty.
    pub value: Json<'a>,
    /// How many times the top-level object gives the streamed key.
    pub times: usize,
}

/// Parses a whole document (errors are `serde_json`'s, with line and column), handing each item of the top-level
/// object's `key` array to `item` (with its index) as soon as it is read instead of
/// keeping it, so the caller can check and use one item while the next is parsed and the
/// whole tree is never held. Only the key's first array is streamed; a non-array value
/// stays in the tree, for the caller to report.
pub fn from_slice_streaming<'a>(
    bytes: &'a [u8],
    key: &str,
    mut item: impl FnMut(usize, Json<'a>),
) -> serde_json::Result<Streamed<'a>> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut times = 0;
    let value = de.deserialize_any(TopVisitor {
        key,
        item: &mut item,
        times: &mut times,
    })?;
    de.end()?;
    Ok(Streamed { value, times })
}

/// The scalar cases of a visitor that reads any value: as [`JsonVisitor`] reads them.
macro_rules! scalars_as_json {
    () => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            JsonVisitor.visit_unit()
        }
        fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
            JsonVisitor.visit_bool(b)
        }
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
            JsonVisitor.visit_i64(n)
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
            JsonVisitor.visit_u64(n)
        }
        fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
            JsonVisitor.visit_f64(n)
        }
        fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
            JsonVisitor.visit_borrowed_str(s)
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
            JsonVisitor.visit_str(s)
        }
        fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
            JsonVisitor.visit_string(s)
        }
    };
}

struct TopVisitor<'k, 's, F> {
    key: &'k str,
    item: &'s mut F,
    times: &'s mut usize,
}

impl<'de, F: FnMut(usize, Json<'de>)> Visitor<'de> for TopVisitor<'_, '_, F> {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    scalars_as_json!();

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        JsonVisitor.visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(Key(key)) = map.next_key()? {
            let value = if key == self.key {
                *self.times += 1;
                if *self.times == 1 {
                    map.next_value_seed(ItemsSeed(&mut *self.item))?
                } else {
                    map.next_value()?
                }
            } else {
                map.next_value()?
            };
            members.push((key, value));
        }
        Ok(Json::Object(Object(members)))
    }
}

/// The streamed array: each item goes to the callback; what stays is an empty array.
struct ItemsSeed<'s, F>(&'s mut F);

impl<'de, F: FnMut(usize, Json<'de>)> DeserializeSeed<'de> for ItemsSeed<'_, F> {
    type Value = Json<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, F: FnMut(usize, Json<'de>)> Visitor<'de> for ItemsSeed<'_, F> {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    scalars_as_json!();

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut index = 0;
        while let Some(item) = seq.next_element()? {
            (self.0)(index, item);
            index += 1;
        }
        Ok(Json::Array(Vec::new()))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        JsonVisitor.visit_map(map)
    }
}

impl<'de> Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
        Ok(Json::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Self::Value, E> {
        // JSON text cannot spell a NaN or an infinity, so this is always `Some`.
        Ok(serde_json::Number::from_f64(n).map_or(Json::Null, Json::Number))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Json::Str(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Json::Str(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(Json::Str(Cow::Owned(s)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(Key(key)) = map.next_key()? {
            members.push((key, map.next_value()?));
        }
        Ok(Json::Object(Object(members)))
    }
}

/// An object's key, borrowed when it has no escapes (`Cow<str>`'s own `Deserialize`
/// always copies).
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Written back as JSON, to quote a wrong value in an error message.
impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Number(n) => n.serialize(serializer),
            Json::Str(s) => serializer.serialize_str(s),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(Object(members)) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_slice(bytes: &[u8]) -> serde_json::Result<Json<'_>> {
        serde_json::from_slice(bytes)
    }

    fn text(value: &Json<'_>) -> String {
        serde_json::to_string(value).unwrap()
    }

    #[test]
    fn a_streamed_array_is_handed_over_item_by_item_and_left_empty() {
        let bytes = br#"{"a": 1, "items": [{"n": 1}, 2, "three"], "b": [4], "items": [5]}"#;
        let mut seen = Vec::new();
        let streamed =
            from_slice_streaming(bytes, "items", |i, item| seen.push((i, text(&item)))).unwrap();
        assert_eq!(
            seen,
            [
                (0, r#"{"n":1}"#.into()),
                (1, "2".into()),
                (2, r#""three""#.into())
            ]
        );
        assert_eq!(
            text(&streamed.value),
            r#"{"a":1,"items":[],"b":[4],"items":[5]}"#,
            "only the first array is streamed; the rest of the tree is kept"
        );
        assert_eq!(streamed.times, 2);
    }

    #[test]
    fn a_streamed_key_that_is_not_an_array_is_kept_whole() {
        for (bytes, kept) in [
            (&br#"{"items": {"k": [1]}}"#[..], r#"{"items":{"k":[1]}}"#),
            (br#"{"items": "none"}"#, r#"{"items":"none"}"#),
            (br#"[{"items": [1]}]"#, r#"[{"items":[1]}]"#),
            (br#"{"other": [1]}"#, r#"{"other":[1]}"#),
        ] {
            let streamed =
                from_slice_streaming(bytes, "items", |_, _| panic!("nothing to stream")).unwrap();
            assert_eq!(text(&streamed.value), kept);
        }
    }

    #[test]
    fn malformed_json_after_streamed_items_is_still_an_error_with_its_place() {
        let mut seen = 0;
        let err =
            from_slice_streaming(b"{\"items\": [1, 2],\n \"x\": }", "items", |_, _| seen += 1)
                .err()
                .expect("malformed");
        assert_eq!(seen, 2, "the items before the error were handed over");
        assert_eq!((err.line(), err.column()), (2, 7));
        assert!(from_slice_streaming(b"{\"items\": []} trailing", "items", |_, _| {}).is_err());
    }

    #[test]
    fn strings_without_escapes_are_borrowed_and_escaped_ones_decoded() {
        let bytes =
            br#"{"plain": "a", "esc\u0061ped": "line\nbreak", "n": [1, -2, 2.5, true, null]}"#;
        let Json::Object(map) = from_slice(bytes).unwrap() else {
            panic!("expected an object")
        };
        assert!(matches!(
            map.get("plain"),
            Some(Json::Str(Cow::Borrowed("a")))
        ));
        assert!(matches!(map.get("escaped"), Some(Json::Str(Cow::Owned(s))) if s == "line\nbreak"));
        assert_eq!(
            serde_json::to_string(map.get("n").unwrap()).unwrap(),
            "[1,-2,2.5,true,null]"
        );
        assert_eq!(map.keys().collect::<Vec<_>>(), ["plain", "escaped", "n"]);
    }

    #[test]
    fn a_repeated_key_keeps_the_last_value_as_serde_json_does() {
        let bytes = br#"{"k": 1, "k": "two"}"#;
        let ours = serde_json::to_string(&from_slice(bytes).unwrap()).unwrap();
        let theirs: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        let Json::Object(map) = from_slice(bytes).unwrap() else {
            panic!("expected an object")
        };
        assert_eq!(map.get("k"), Some(&Json::Str("two".into())));
        assert_eq!(theirs["k"], "two");
        assert!(ours.contains("\"two\""));
    }

    #[test]
    fn malformed_json_reports_line_and_column() {
        let err = from_slice(b"{\n  \"a\": [1,\n}").unwrap_err();
        assert_eq!((err.line(), err.column()), (3, 1));
    }
}
