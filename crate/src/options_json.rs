//! Reads `Options` from JSON exactly as the derived `Deserialize` does: the
//! same inputs accepted (an object, or an array of the fields in order, as
//! serde accepts for any struct) and the same error messages, positions
//! included; the tests below compare the two on every kind of input.
//!
//! Why not the derived one: every typed serde_json deserializer can report
//! "invalid type: floating point ...", whose formatting pulls `f64`'s
//! `Display` and much of serde's machinery into the wasm (about 20 KiB of
//! the widget's gzipped core, web/BENCHMARK.md). This reader asks
//! serde_json only for `deserialize_any` and `deserialize_option`, with one
//! visitor, and words the errors itself (floats as serde_json prints them).

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::report::{LimitsOverride, Options};

/// `Options` from its JSON, or serde_json's error for it.
pub fn read_options(json: &str) -> Result<Options, serde_json::Error> {
    match serde_json::from_str::<Read>(json) {
        Ok(Read(Value::Options(options))) => Ok(options),
        Ok(_) => Ok(Options::default()),
        Err(err) => Err(at_opening_bracket(json, err)),
    }
}

const OPTIONS_FIELDS: &[&str] = &["select", "ignore", "goVersion", "config", "configPath", "noTests", "limits"];
const LIMITS_FIELDS: &[&str] =
    &["max-file-bytes", "max-artifact-bytes", "max-decompressed-bytes", "max-workspace-bytes", "max-profile-samples", "max-tree-depth", "max-file-work"];

/// What a JSON value must be, named as serde's visitors name it.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Options,
    Limits,
    Strings,
    String,
    Bool,
    U64,
}

impl Shape {
    fn expecting(self) -> &'static str {
        match self {
            Shape::Options => "struct Options",
            Shape::Limits => "struct LimitsOverride",
            Shape::Strings => "a sequence",
            Shape::String => "a string",
            Shape::Bool => "a boolean",
            Shape::U64 => "u64",
        }
    }

    /// The shape of each field of a struct shape, in order, and whether it may be null.
    fn fields(self) -> &'static [(Shape, bool)] {
        match self {
            Shape::Options => &[
                (Shape::Strings, false),
                (Shape::Strings, false),
                (Shape::String, true),
                (Shape::String, true),
                (Shape::String, true),
                (Shape::Bool, false),
                (Shape::Limits, true),
            ],
            Shape::Limits => &[(Shape::U64, true); 7],
            _ => &[],
        }
    }

    fn names(self) -> &'static [&'static str] {
        if self == Shape::Options {
            OPTIONS_FIELDS
        } else {
            LIMITS_FIELDS
        }
    }
}

/// A value read; `Absent` is a null where null is allowed.
enum Value {
    Absent,
    Options(Options),
    Limits(LimitsOverride),
    Strings(Vec<String>),
    String(String),
    Bool(bool),
    U64(u64),
}

impl Value {
    fn strings(self) -> Vec<String> {
        if let Value::Strings(strings) = self {
            strings
        } else {
            Vec::new()
        }
    }

    fn string(self) -> Option<String> {
        if let Value::String(string) = self {
            Some(string)
        } else {
            None
        }
    }

    fn u64(self) -> Option<u64> {
        if let Value::U64(n) = self {
            Some(n)
        } else {
            None
        }
    }
}

/// The whole document: an `Options`.
struct Read(Value);

impl<'de> de::Deserialize<'de> for Read {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Read, D::Error> {
        Reader { shape: Shape::Options, nullable: false }.deserialize(deserializer).map(Read)
    }
}

/// Reads one value of `shape`; a null is `Value::Absent` when `nullable`.
#[derive(Clone, Copy)]
struct Reader {
    shape: Shape,
    nullable: bool,
}

impl<'de> DeserializeSeed<'de> for Reader {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        if self.nullable {
            deserializer.deserialize_option(self)
        } else {
            deserializer.deserialize_any(self)
        }
    }
}

impl Reader {
    /// serde's "invalid type" error; `unexpected` as serde_json words it.
    fn invalid_type<E: de::Error>(self, unexpected: &str) -> E {
        E::custom(format_args!("invalid type: {unexpected}, expected {}", self.shape.expecting()))
    }

    fn struct_value(self, fields: Vec<Value>) -> Value {
        let mut fields = fields.into_iter();
        let mut next = || fields.next().unwrap_or(Value::Absent);
        if self.shape == Shape::Options {
            Value::Options(Options {
                select: next().strings(),
                ignore: next().strings(),
                go_version: next().string(),
                config: next().string(),
                config_path: next().string(),
                no_tests: matches!(next(), Value::Bool(true)),
                limits: match next() {
                    Value::Limits(limits) => Some(limits),
                    _ => None,
                },
            })
        } else {
            Value::Limits(LimitsOverride {
                max_file_bytes: next().u64(),
                max_artifact_bytes: next().u64(),
                max_decompressed_bytes: next().u64(),
                max_workspace_bytes: next().u64(),
                max_profile_samples: next().u64(),
                max_tree_depth: next().u64(),
                max_file_work: next().u64(),
            })
        }
    }
}

impl<'de> Visitor<'de> for Reader {
    type Value = Value;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str(self.shape.expecting())
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Absent)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(Reader { nullable: false, ..self })
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Err(self.invalid_type("null"))
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        match self.shape {
            Shape::Bool => Ok(Value::Bool(b)),
            _ => Err(self.invalid_type(&format!("boolean `{b}`"))),
        }
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Value, E> {
        match self.shape {
            Shape::U64 => Ok(Value::U64(n)),
            _ => Err(self.invalid_type(&format!("integer `{n}`"))),
        }
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Value, E> {
        match self.shape {
            Shape::U64 if n >= 0 => Ok(Value::U64(n as u64)),
            Shape::U64 => Err(E::custom(format_args!("invalid value: integer `{n}`, expected u64"))),
            _ => Err(self.invalid_type(&format!("integer `{n}`"))),
        }
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        // serde_json prints a float in an error as it serializes one.
        let printed = serde_json::to_string(&f).unwrap_or_default();
        Err(self.invalid_type(&format!("floating point `{printed}`")))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        match self.shape {
            Shape::String => Ok(Value::String(s.to_string())),
            _ => Err(self.invalid_type(&format!("string {s:?}"))),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        match self.shape {
            Shape::Strings => {
                let mut strings = Vec::new();
                while let Some(value) = seq.next_element_seed(Reader { shape: Shape::String, nullable: false })? {
                    strings.extend(value.string());
                }
                Ok(Value::Strings(strings))
            }
            Shape::Options | Shape::Limits => {
                // A struct as an array: its fields in order; a missing one is
                // its default, except a limit, which has none.
                let mut fields = Vec::new();
                for (index, &(shape, nullable)) in self.shape.fields().iter().enumerate() {
                    match seq.next_element_seed(Reader { shape, nullable })? {
                        Some(value) => fields.push(value),
                        None if self.shape == Shape::Limits => {
                            return Err(de::Error::invalid_length(index, &format!("{} with 7 elements", self.shape.expecting()).as_str()));
                        }
                        None => break,
                    }
                }
                Ok(self.struct_value(fields))
            }
            _ => Err(self.invalid_type("sequence")),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        if !matches!(self.shape, Shape::Options | Shape::Limits) {
            return Err(self.invalid_type("map"));
        }
        let names = self.shape.names();
        let mut fields: Vec<Option<Value>> = names.iter().map(|_| None).collect();
        while let Some(key) = map.next_key_seed(Reader { shape: Shape::String, nullable: false })? {
            let key = key.string().unwrap_or_default();
            let Some(index) = names.iter().position(|name| *name == key) else {
                return Err(de::Error::unknown_field(&key, names));
            };
            if fields[index].is_some() {
                return Err(de::Error::duplicate_field(names[index]));
            }
            let (shape, nullable) = self.shape.fields()[index];
            fields[index] = Some(map.next_value_seed(Reader { shape, nullable })?);
        }
        Ok(self.struct_value(fields.into_iter().map(|field| field.unwrap_or(Value::Absent)).collect()))
    }
}

/// serde_json places an "invalid type: sequence" or "map" error after the
/// bracket and what it then read to close the value; the derived
/// deserializers place it before the bracket, where they stop.
fn at_opening_bracket(json: &str, err: serde_json::Error) -> serde_json::Error {
    let message = err.to_string();
    let Some(message) = message.strip_suffix(&format!(" at line {} column {}", err.line(), err.column())) else {
        return err;
    };
    if !(message.starts_with("invalid type: sequence, ") || message.starts_with("invalid type: map, ")) {
        return err;
    }
    let bytes = json.as_bytes();
    let line_start = bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(err.line().wrapping_sub(2)).map_or(0, |(at, _)| at + 1);
    let mut at = (line_start + err.column()).min(bytes.len());
    let skip_whitespace = |at: &mut usize| {
        while *at > 0 && matches!(bytes[*at - 1], b' ' | b'\n' | b'\t' | b'\r') {
            *at -= 1;
        }
    };
    skip_whitespace(&mut at);
    if at > 0 && matches!(bytes[at - 1], b']' | b'}' | b',') {
        at -= 1;
        skip_whitespace(&mut at);
    }
    // `at` is now just after the bracket; the derived error stands at the bracket.
    let bracket = at.saturating_sub(1);
    let bracket_line_start = bytes[..bracket].iter().rposition(|b| *b == b'\n').map_or(0, |newline| newline + 1);
    let line = 1 + bytes[..bracket_line_start].iter().filter(|b| **b == b'\n').count();
    de::Error::custom(format_args!("{message} at line {line} column {}", bracket - bracket_line_start))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn same_as_derived(json: &str) {
        let derived = serde_json::from_str::<Options>(json).map_err(|err| err.to_string());
        let read = read_options(json).map_err(|err| err.to_string());
        assert_eq!(read, derived, "{json}");
    }

    #[test]
    fn reads_and_rejects_as_the_derived_deserializer() {
        for json in [
            "{}",
            "[]",
            r#"{"select": ["GT1", "loopvar-capture"], "ignore": [], "goVersion": "1.21", "noTests": true}"#,
            r#"{"config": "x = 1", "configPath": "a/gotrap.toml", "goVersion": null, "limits": null}"#,
            r#"{"limits": {"max-file-bytes": 10, "max-tree-depth": null, "max-file-work": 0}}"#,
            r#"{"limits": [1, 2, 3, 4, 5, 6, 7]}"#,
            r#"{"limits": [1, 2, null]}"#,
            r#"{"limits": []}"#,
            r#"[["GT1"], [], "1.22", null, null, false, null]"#,
            r#"[["GT1"], [], "1.22", null, null, false, null, 1]"#,
            r#"[["GT1"], ["GT2"]]"#,
            r#"[["GT1"],]"#,
            r#"{"selct": []}"#,
            r#"{"select": [], "select": []}"#,
            r#"{"select": "GT1"}"#,
            r#"{"select": {}}"#,
            "{\"select\": {\n  \"a\": 1}}",
            r#"{"select": [ ]  , "ignore": { } }"#,
            r#"{"select": [1]}"#,
            r#"{"select": [null]}"#,
            r#"{"select": [[1, 2]]}"#,
            r#"{"select": [{"a": 1}]}"#,
            "{\"select\": [\n\n  [ , ]]}",
            r#"{"select": null}"#,
            r#"{"noTests": 1}"#,
            r#"{"noTests": "yes"}"#,
            r#"{"noTests": [true]}"#,
            r#"{"noTests": null}"#,
            r#"{"goVersion": 1.5}"#,
            r#"{"goVersion": -0}"#,
            r#"{"goVersion": 1e21}"#,
            r#"{"goVersion": true}"#,
            r#"{"goVersion": ["1.21"]}"#,
            r#"{"limits": {"max-file-bytes": -1}}"#,
            r#"{"limits": {"max-file-bytes": 1.0}}"#,
            r#"{"limits": {"max-file-bytes": 18446744073709551616}}"#,
            r#"{"limits": {"max-file-bytes": "10"}}"#,
            r#"{"limits": {"max-file-bytes": [10]}}"#,
            r#"{"limits": {"max-bytes": 1}}"#,
            r#"{"limits": 5}"#,
            r#"{"limits": "x"}"#,
            r#"{"select": ["a\u00e9\n\"b"], "goVersion": "\ud83d\ude00"}"#,
            r#"{"select": ["\ud800"]}"#,
            r#"{"select": ["\q"]}"#,
            "{\"select\": [\"\u{1}\"]}",
            "",
            " ",
            "null",
            "5",
            "\"options\"",
            "true",
            "{",
            "[",
            r#"{"select""#,
            r#"{"select":"#,
            r#"{"select": [,]}"#,
            r#"{"select": [],}"#,
            r#"{"select": []} x"#,
            r#"{"select": [] "ignore": []}"#,
            r#"{select: []}"#,
            r#"{"noTests": tru}"#,
            r#"{"goVersion": 01}"#,
            r#"{"goVersion": 1e999}"#,
            r#"{"goVersion": -}"#,
        ] {
            same_as_derived(json);
        }
    }

    /// JSON-like text built from the options' own pieces, valid and not.
    fn option_texts() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            " ",
            "\n",
            "null",
            "true",
            "false",
            "0",
            "-1",
            "7",
            "2.5",
            "-0",
            "1e3",
            "\"GT1\"",
            "\"\"",
            "\"select\"",
            "\"ignore\"",
            "\"goVersion\"",
            "\"config\"",
            "\"configPath\"",
            "\"noTests\"",
            "\"limits\"",
            "\"max-file-bytes\"",
            "\"max-tree-depth\"",
            "\"other\"",
        ]);
        prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn any_text_is_read_as_the_derived_deserializer_reads_it(json in option_texts()) {
            same_as_derived(&json);
        }

        #[test]
        fn any_options_object_is_read_as_the_derived_deserializer_reads_it(
            fields in prop::collection::vec((0..7usize, prop::sample::select(vec!["null", "true", "[]", "[\"GT1\", 2]", "{}", "{\"max-file-bytes\": 3}", "[1,2,3,4,5,6,7]", "\"1.21\"", "4", "-4", "4.5"])), 0..5)
        ) {
            let json = format!("{{{}}}", fields.iter().map(|(field, value)| format!("\"{}\": {value}", OPTIONS_FIELDS[*field])).collect::<Vec<_>>().join(", "));
            same_as_derived(&json);
        }
    }
}
