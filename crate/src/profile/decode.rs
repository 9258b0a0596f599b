//! pprof decoding: gzip (streamed, with a running cap on the inflated size)
//! and the protobuf of `profile.proto`, read with prost's low-level encoding
//! helpers into compact arenas instead of prost-derived structs (those cost
//! five to seven times the encoded size; here samples stay in the decoded
//! buffer as offsets and are re-read when an analysis walks them).
//!
//! Pinned to `proto/profile.proto` of github.com/google/pprof at revision
//! 4bf881d7fb0b (module version v0.0.0-20261105003125-4bf881d7fb0b, the one
//! tests/artifacts/oracle requires). Field numbers:
//!
//! | message | fields |
//! |---|---|
//! | Profile | 1 sample_type, 2 sample, 3 mapping, 4 location, 5 function, 6 string_table, 7 drop_frames, 8 keep_frames, 9 time_nanos, 10 duration_nanos, 11 period_type, 12 period, 13 comment, 14 default_sample_type, 15 doc_url |
//! | ValueType | 1 type, 2 unit |
//! | Sample | 1 location_id (packed or not), 2 value (packed or not), 3 label |
//! | Label | 1 key, 2 str, 3 num, 4 num_unit |
//! | Mapping | 1 id, 2 memory_start, 3 memory_limit, 4 file_offset, 5 filename, 6 build_id, 7 has_functions, 8 has_filenames, 9 has_line_numbers, 10 has_inline_frames |
//! | Location | 1 id, 2 mapping_id, 3 address, 4 line, 5 is_folded |
//! | Line | 1 function_id, 2 line, 3 column |
//! | Function | 1 id, 2 name, 3 system_name, 4 filename, 5 start_line |
//!
//! Field 15 of Profile has not always been `doc_url` (a string index): it is
//! read only when it is a varint and skipped otherwise, so profiles written
//! against other revisions still decode. Unknown fields are skipped, as
//! protobuf requires.

use std::borrow::Cow;
use std::io::Read;

use prost::encoding::{decode_key, decode_varint, WireType};

/// Why a file could not be decoded as a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Over `limits.max-decompressed-bytes` or `limits.max-profile-samples` (GT002).
    OverLimit(String),
    /// Corrupt gzip or protobuf (GT003); the message names the byte offset.
    Malformed(String),
    /// Gzip of text: another kind of artifact, not a corrupt profile.
    NotProfile(String),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ValueType {
    /// String table indices.
    pub type_: u32,
    pub unit: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    pub id: u64,
    pub memory_start: u64,
    pub memory_limit: u64,
    pub file_offset: u64,
    pub filename: u32,
    pub build_id: u32,
    pub has_functions: bool,
    pub has_filenames: bool,
    pub has_line_numbers: bool,
    pub has_inline_frames: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub id: u64,
    pub mapping_id: u64,
    pub address: u64,
    /// Range of `Profile::lines`; the first line is the innermost inlined frame.
    pub lines_start: u32,
    pub lines_len: u32,
    pub is_folded: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Line {
    /// Index into `Profile::functions`, `u32::MAX` when the id is 0 (no function).
    pub function: u32,
    pub line: i64,
    pub column: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Function {
    pub id: u64,
    pub name: u32,
    pub system_name: u32,
    pub filename: u32,
    pub start_line: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Label {
    pub key: u32,
    pub str: u32,
    pub num: i64,
    pub num_unit: u32,
}

/// A decoded profile. Strings and samples point into `data`.
#[derive(Debug)]
pub struct Profile<'a> {
    data: Cow<'a, [u8]>,
    pub compressed: bool,
    strings: Vec<(u32, u32)>,
    pub sample_types: Vec<ValueType>,
    /// (start, end) of each Sample message in `data`.
    samples: Vec<(u32, u32)>,
    pub mappings: Vec<Mapping>,
    pub locations: Vec<Location>,
    pub lines: Vec<Line>,
    pub functions: Vec<Function>,
    location_index: IdIndex,
    pub drop_frames: u32,
    pub keep_frames: u32,
    pub time_nanos: i64,
    pub duration_nanos: i64,
    pub period_type: ValueType,
    pub period: i64,
    pub comments: Vec<u32>,
    pub default_sample_type: u32,
    pub doc_url: u32,
    /// Size of the protobuf (after inflating).
    pub decoded_bytes: usize,
}

/// Whether `content` starts with the gzip magic number.
pub fn is_gzip(content: &[u8]) -> bool {
    content.starts_with(&[0x1f, 0x8b])
}

/// Decodes a `.pb.gz` or raw `.pb` profile.
pub fn decode(content: &[u8], max_decompressed_bytes: u64, max_samples: u64) -> Result<Profile<'_>, DecodeError> {
    if is_gzip(content) {
        let data = inflate(content, max_decompressed_bytes)?;
        if data.is_empty() {
            return Err(DecodeError::Malformed("empty profile: the gzip stream holds no data".to_string()));
        }
        if looks_like_text(&data) {
            return Err(DecodeError::NotProfile("gzip-compressed text, not a pprof profile".to_string()));
        }
        parse(Cow::Owned(data), true, max_samples)
    } else {
        if content.is_empty() {
            return Err(DecodeError::Malformed("empty profile".to_string()));
        }
        parse(Cow::Borrowed(content), false, max_samples)
    }
}

/// Whether the start of `data` is text (UTF-8 without control characters
/// other than whitespace). A profile starts with a field key such as 0x0a.
fn looks_like_text(data: &[u8]) -> bool {
    let head = &data[..data.len().min(512)];
    let head = match std::str::from_utf8(head) {
        Ok(text) => text,
        // Cut inside a multi-byte character at the end of the window.
        Err(err) if err.error_len().is_none() => std::str::from_utf8(&head[..err.valid_up_to()]).unwrap_or(""),
        Err(_) => return false,
    };
    !head.is_empty() && head.chars().all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
}

/// Inflates a gzip stream (several members are read one after the other, as
/// Go's gzip reader does), stopping as soon as the output passes `cap` bytes.
pub fn inflate(content: &[u8], cap: u64) -> Result<Vec<u8>, DecodeError> {
    // ISIZE (the last four bytes) is the uncompressed size modulo 2^32: a
    // capacity hint that avoids doubling, bounded by the cap and by deflate's
    // maximum ratio so a forged trailer cannot reserve much.
    let hint = match content.len() {
        len if len >= 18 => u32::from_le_bytes([content[len - 4], content[len - 3], content[len - 2], content[len - 1]]) as u64,
        _ => 0,
    };
    let hint = hint.min(cap.saturating_add(1)).min(content.len() as u64 * 1032);
    let mut out = Vec::with_capacity(hint as usize);
    let mut decoder = flate2::bufread::MultiGzDecoder::new(content);
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        match decoder.read(&mut chunk) {
            Ok(0) => return Ok(out),
            Ok(n) => {
                if (out.len() + n) as u64 > cap {
                    return Err(DecodeError::OverLimit(format!(
                        "profile inflates to more than {cap} bytes (limits.max-decompressed-bytes); stopped after {} compressed bytes; not analysed",
                        content.len() - decoder.get_ref().len()
                    )));
                }
                out.extend_from_slice(&chunk[..n]);
            }
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => {
                let offset = content.len() - decoder.get_ref().len();
                let what = if err.kind() == std::io::ErrorKind::UnexpectedEof || offset >= content.len() { "truncated" } else { "corrupt" };
                return Err(DecodeError::Malformed(format!("{what} gzip stream at compressed byte offset {offset}: {err}")));
            }
        }
    }
}

/// Location ids to indices: a table when ids are dense (Go numbers them
/// 1..n), a map otherwise.
#[derive(Debug, Default)]
enum IdIndex {
    #[default]
    Empty,
    Dense(Vec<u32>),
    /// (id, index) sorted by id.
    Sparse(Vec<(u64, u32)>),
}

impl IdIndex {
    fn build(ids: impl Iterator<Item = u64> + Clone, count: usize) -> IdIndex {
        let max = ids.clone().max().unwrap_or(0);
        if max <= (count as u64).saturating_mul(2).saturating_add(16) {
            let mut table = vec![u32::MAX; max as usize + 1];
            for (index, id) in ids.enumerate() {
                table[id as usize] = index as u32;
            }
            IdIndex::Dense(table)
        } else {
            let mut pairs: Vec<(u64, u32)> = ids.enumerate().map(|(index, id)| (id, index as u32)).collect();
            // With duplicate ids the last definition wins, as in the table.
            pairs.sort_by_key(|pair| pair.0);
            pairs.dedup_by(|later, earlier| {
                let duplicate = later.0 == earlier.0;
                if duplicate {
                    earlier.1 = later.1;
                }
                duplicate
            });
            IdIndex::Sparse(pairs)
        }
    }

    fn get(&self, id: u64) -> Option<u32> {
        match self {
            IdIndex::Empty => None,
            IdIndex::Dense(table) => table.get(usize::try_from(id).ok()?).copied().filter(|index| *index != u32::MAX),
            IdIndex::Sparse(pairs) => pairs.binary_search_by_key(&id, |pair| pair.0).ok().map(|at| pairs[at].1),
        }
    }
}

/// A protobuf reader over `data[pos..end]` that knows its absolute offset.
struct Reader<'d> {
    data: &'d [u8],
    pos: usize,
    end: usize,
    /// Offsets are reported in the inflated stream for gzip input.
    inflated: bool,
}

impl<'d> Reader<'d> {
    fn new(data: &'d [u8], start: usize, end: usize, inflated: bool) -> Reader<'d> {
        Reader { data, pos: start, end, inflated }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.end
    }

    fn error(&self, offset: usize, message: impl std::fmt::Display) -> DecodeError {
        let where_ = if self.inflated { "of the inflated profile" } else { "" };
        let space = if self.inflated { " " } else { "" };
        DecodeError::Malformed(format!("bad protobuf at byte offset {offset}{space}{where_}: {message}"))
    }

    fn key(&mut self) -> Result<(u32, WireType), DecodeError> {
        let start = self.pos;
        let mut buf = &self.data[self.pos..self.end];
        let key = decode_key(&mut buf).map_err(|err| self.error(start, prost_message(&err)))?;
        self.pos = self.end - buf.len();
        if key.0 == 0 {
            return Err(self.error(start, "field number 0"));
        }
        Ok(key)
    }

    fn varint(&mut self) -> Result<u64, DecodeError> {
        let start = self.pos;
        let mut buf = &self.data[self.pos..self.end];
        let value = decode_varint(&mut buf).map_err(|err| self.error(start, prost_message(&err)))?;
        self.pos = self.end - buf.len();
        Ok(value)
    }

    /// A length-delimited field: its (start, end).
    fn delimited(&mut self) -> Result<(usize, usize), DecodeError> {
        let start = self.pos;
        let len = self.varint()?;
        let remaining = (self.end - self.pos) as u64;
        if len > remaining {
            return Err(self.error(start, format!("length {len} runs past the end of its message ({remaining} bytes left)")));
        }
        let body = self.pos;
        self.pos += len as usize;
        Ok((body, self.pos))
    }

    fn skip(&mut self, wire_type: WireType) -> Result<(), DecodeError> {
        let start = self.pos;
        let width = match wire_type {
            WireType::Varint => return self.varint().map(|_| ()),
            WireType::LengthDelimited => return self.delimited().map(|_| ()),
            WireType::SixtyFourBit => 8,
            WireType::ThirtyTwoBit => 4,
            WireType::StartGroup | WireType::EndGroup => return Err(self.error(start, "groups are not used by profile.proto")),
        };
        if self.end - self.pos < width {
            return Err(self.error(start, "truncated fixed-width field"));
        }
        self.pos += width;
        Ok(())
    }

    /// A varint field, refusing any other wire type.
    fn expect_varint(&mut self, wire_type: WireType, field: &str, key_at: usize) -> Result<u64, DecodeError> {
        if wire_type != WireType::Varint {
            return Err(self.error(key_at, format!("{field}: wire type {wire_type:?}, want varint")));
        }
        self.varint()
    }

    fn expect_message(&mut self, wire_type: WireType, field: &str, key_at: usize) -> Result<(usize, usize), DecodeError> {
        if wire_type != WireType::LengthDelimited {
            return Err(self.error(key_at, format!("{field}: wire type {wire_type:?}, want length-delimited")));
        }
        self.delimited()
    }

    /// A repeated varint field, packed or not; calls `each` per value.
    fn repeated_varint(&mut self, wire_type: WireType, field: &str, key_at: usize, mut each: impl FnMut(u64, usize)) -> Result<(), DecodeError> {
        match wire_type {
            WireType::Varint => {
                let at = self.pos;
                let value = self.varint()?;
                each(value, at);
                Ok(())
            }
            WireType::LengthDelimited => {
                let (start, end) = self.delimited()?;
                let mut packed = Reader::new(self.data, start, end, self.inflated);
                while !packed.at_end() {
                    let at = packed.pos;
                    let value = packed.varint()?;
                    each(value, at);
                }
                Ok(())
            }
            _ => Err(self.error(key_at, format!("{field}: wire type {wire_type:?}, want varint or packed"))),
        }
    }
}

/// prost's error text without its generic prefix.
fn prost_message(err: &prost::DecodeError) -> String {
    let text = err.to_string();
    text.strip_prefix("failed to decode Protobuf message: ").unwrap_or(&text).to_string()
}

fn string_index(value: u64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

fn value_type(data: &[u8], (start, end): (usize, usize), inflated: bool) -> Result<ValueType, DecodeError> {
    let mut r = Reader::new(data, start, end, inflated);
    let mut value = ValueType::default();
    while !r.at_end() {
        let at = r.pos;
        match r.key()? {
            (1, wt) => value.type_ = string_index(r.expect_varint(wt, "ValueType.type", at)?),
            (2, wt) => value.unit = string_index(r.expect_varint(wt, "ValueType.unit", at)?),
            (_, wt) => r.skip(wt)?,
        }
    }
    Ok(value)
}

fn mapping(data: &[u8], (start, end): (usize, usize), inflated: bool) -> Result<Mapping, DecodeError> {
    let mut r = Reader::new(data, start, end, inflated);
    let mut m = Mapping::default();
    while !r.at_end() {
        let at = r.pos;
        let (field, wt) = r.key()?;
        if !(1..=10).contains(&field) {
            r.skip(wt)?;
            continue;
        }
        let value = r.expect_varint(wt, "Mapping field", at)?;
        match field {
            1 => m.id = value,
            2 => m.memory_start = value,
            3 => m.memory_limit = value,
            4 => m.file_offset = value,
            5 => m.filename = string_index(value),
            6 => m.build_id = string_index(value),
            7 => m.has_functions = value != 0,
            8 => m.has_filenames = value != 0,
            9 => m.has_line_numbers = value != 0,
            _ => m.has_inline_frames = value != 0,
        }
    }
    Ok(m)
}

fn function(data: &[u8], (start, end): (usize, usize), inflated: bool) -> Result<Function, DecodeError> {
    let mut r = Reader::new(data, start, end, inflated);
    let mut f = Function::default();
    while !r.at_end() {
        let at = r.pos;
        let (field, wt) = r.key()?;
        if !(1..=5).contains(&field) {
            r.skip(wt)?;
            continue;
        }
        let value = r.expect_varint(wt, "Function field", at)?;
        match field {
            1 => f.id = value,
            2 => f.name = string_index(value),
            3 => f.system_name = string_index(value),
            4 => f.filename = string_index(value),
            _ => f.start_line = value as i64,
        }
    }
    Ok(f)
}

/// A location; its lines are appended to `lines` with function *ids* (resolved later).
fn location(data: &[u8], (start, end): (usize, usize), inflated: bool, lines: &mut Vec<(u64, i64, i64)>) -> Result<Location, DecodeError> {
    let mut r = Reader::new(data, start, end, inflated);
    let mut loc = Location { lines_start: lines.len() as u32, ..Location::default() };
    while !r.at_end() {
        let at = r.pos;
        match r.key()? {
            (1, wt) => loc.id = r.expect_varint(wt, "Location.id", at)?,
            (2, wt) => loc.mapping_id = r.expect_varint(wt, "Location.mapping_id", at)?,
            (3, wt) => loc.address = r.expect_varint(wt, "Location.address", at)?,
            (4, wt) => {
                let body = r.expect_message(wt, "Location.line", at)?;
                let mut lr = Reader::new(data, body.0, body.1, inflated);
                let mut line = (0u64, 0i64, 0i64);
                while !lr.at_end() {
                    let at = lr.pos;
                    match lr.key()? {
                        (1, wt) => line.0 = lr.expect_varint(wt, "Line.function_id", at)?,
                        (2, wt) => line.1 = lr.expect_varint(wt, "Line.line", at)? as i64,
                        (3, wt) => line.2 = lr.expect_varint(wt, "Line.column", at)? as i64,
                        (_, wt) => lr.skip(wt)?,
                    }
                }
                lines.push(line);
                loc.lines_len += 1;
            }
            (5, wt) => loc.is_folded = r.expect_varint(wt, "Location.is_folded", at)? != 0,
            (_, wt) => r.skip(wt)?,
        }
    }
    Ok(loc)
}

/// Reads one Sample message: location indices (via `index`), values and labels.
fn sample(
    data: &[u8],
    (start, end): (usize, usize),
    inflated: bool,
    index: &IdIndex,
    locations: &mut Vec<u32>,
    values: &mut Vec<i64>,
    mut labels: Option<&mut Vec<Label>>,
) -> Result<(), DecodeError> {
    locations.clear();
    values.clear();
    if let Some(labels) = labels.as_deref_mut() {
        labels.clear();
    }
    let mut r = Reader::new(data, start, end, inflated);
    let mut unknown: Option<(u64, usize)> = None;
    while !r.at_end() {
        let at = r.pos;
        match r.key()? {
            (1, wt) => r.repeated_varint(wt, "Sample.location_id", at, |id, at| match index.get(id) {
                Some(location) => locations.push(location),
                None => {
                    unknown.get_or_insert((id, at));
                }
            })?,
            (2, wt) => r.repeated_varint(wt, "Sample.value", at, |value, _| values.push(value as i64))?,
            (3, wt) => {
                let body = r.expect_message(wt, "Sample.label", at)?;
                let mut lr = Reader::new(data, body.0, body.1, inflated);
                let mut label = Label::default();
                while !lr.at_end() {
                    let at = lr.pos;
                    match lr.key()? {
                        (1, wt) => label.key = string_index(lr.expect_varint(wt, "Label.key", at)?),
                        (2, wt) => label.str = string_index(lr.expect_varint(wt, "Label.str", at)?),
                        (3, wt) => label.num = lr.expect_varint(wt, "Label.num", at)? as i64,
                        (4, wt) => label.num_unit = string_index(lr.expect_varint(wt, "Label.num_unit", at)?),
                        (_, wt) => lr.skip(wt)?,
                    }
                }
                if let Some(labels) = labels.as_deref_mut() {
                    labels.push(label);
                }
            }
            (_, wt) => r.skip(wt)?,
        }
    }
    if let Some((id, at)) = unknown {
        return Err(r.error(at, format!("sample refers to location id {id}, which the profile does not define")));
    }
    Ok(())
}

fn parse(data: Cow<'_, [u8]>, compressed: bool, max_samples: u64) -> Result<Profile<'_>, DecodeError> {
    if data.len() > u32::MAX as usize {
        return Err(DecodeError::OverLimit("profile is larger than 4 GiB; not analysed".to_string()));
    }
    let bytes: &[u8] = &data;
    let mut r = Reader::new(bytes, 0, bytes.len(), compressed);
    let mut p = Profile {
        data: Cow::Borrowed(&[]),
        compressed,
        strings: Vec::new(),
        sample_types: Vec::new(),
        samples: Vec::new(),
        mappings: Vec::new(),
        locations: Vec::new(),
        lines: Vec::new(),
        functions: Vec::new(),
        location_index: IdIndex::Empty,
        drop_frames: 0,
        keep_frames: 0,
        time_nanos: 0,
        duration_nanos: 0,
        period_type: ValueType::default(),
        period: 0,
        comments: Vec::new(),
        default_sample_type: 0,
        doc_url: 0,
        decoded_bytes: bytes.len(),
    };
    let mut raw_lines: Vec<(u64, i64, i64)> = Vec::new();
    // Offsets of each string-index field, to report a bad index where it is.
    let mut string_refs: Vec<(u32, usize)> = Vec::new();
    while !r.at_end() {
        let at = r.pos;
        let (field, wt) = r.key()?;
        match field {
            1 => {
                let value = value_type(bytes, r.expect_message(wt, "Profile.sample_type", at)?, compressed)?;
                string_refs.extend([(value.type_, at), (value.unit, at)]);
                p.sample_types.push(value);
            }
            2 => {
                let (start, end) = r.expect_message(wt, "Profile.sample", at)?;
                if p.samples.len() as u64 >= max_samples {
                    return Err(DecodeError::OverLimit(format!("profile has more than {max_samples} samples (limits.max-profile-samples); not analysed")));
                }
                p.samples.push((start as u32, end as u32));
            }
            3 => {
                let m = mapping(bytes, r.expect_message(wt, "Profile.mapping", at)?, compressed)?;
                string_refs.extend([(m.filename, at), (m.build_id, at)]);
                p.mappings.push(m);
            }
            4 => {
                let loc = location(bytes, r.expect_message(wt, "Profile.location", at)?, compressed, &mut raw_lines)?;
                if loc.id == 0 {
                    return Err(r.error(at, "location with id 0"));
                }
                p.locations.push(loc);
            }
            5 => {
                let f = function(bytes, r.expect_message(wt, "Profile.function", at)?, compressed)?;
                if f.id == 0 {
                    return Err(r.error(at, "function with id 0"));
                }
                string_refs.extend([(f.name, at), (f.system_name, at), (f.filename, at)]);
                p.functions.push(f);
            }
            6 => {
                let (start, end) = r.expect_message(wt, "Profile.string_table", at)?;
                p.strings.push((start as u32, (end - start) as u32));
            }
            7 => {
                p.drop_frames = string_index(r.expect_varint(wt, "Profile.drop_frames", at)?);
                string_refs.push((p.drop_frames, at));
            }
            8 => {
                p.keep_frames = string_index(r.expect_varint(wt, "Profile.keep_frames", at)?);
                string_refs.push((p.keep_frames, at));
            }
            9 => p.time_nanos = r.expect_varint(wt, "Profile.time_nanos", at)? as i64,
            10 => p.duration_nanos = r.expect_varint(wt, "Profile.duration_nanos", at)? as i64,
            11 => {
                p.period_type = value_type(bytes, r.expect_message(wt, "Profile.period_type", at)?, compressed)?;
                string_refs.extend([(p.period_type.type_, at), (p.period_type.unit, at)]);
            }
            12 => p.period = r.expect_varint(wt, "Profile.period", at)? as i64,
            13 => r.repeated_varint(wt, "Profile.comment", at, |value, at| {
                p.comments.push(string_index(value));
                string_refs.push((string_index(value), at));
            })?,
            14 => {
                p.default_sample_type = string_index(r.expect_varint(wt, "Profile.default_sample_type", at)?);
                string_refs.push((p.default_sample_type, at));
            }
            15 if wt == WireType::Varint => {
                p.doc_url = string_index(r.varint()?);
                string_refs.push((p.doc_url, at));
            }
            _ => r.skip(wt)?,
        }
    }
    let error_at = |offset: usize, message: String| r.error(offset, message);
    if p.strings.is_empty() || p.strings[0].1 != 0 {
        return Err(error_at(0, "the string table must start with the empty string".to_string()));
    }
    if let Some((index, at)) = string_refs.iter().find(|(index, _)| *index as usize >= p.strings.len()) {
        return Err(error_at(*at, format!("string index {index} is out of the string table ({} strings)", p.strings.len())));
    }
    // Functions by id, then lines resolved to function indices.
    let function_index = IdIndex::build(p.functions.iter().map(|f| f.id), p.functions.len());
    p.lines.reserve_exact(raw_lines.len());
    for (function_id, line, column) in raw_lines {
        let function = if function_id == 0 {
            u32::MAX
        } else {
            function_index.get(function_id).ok_or_else(|| error_at(0, format!("a location line refers to function id {function_id}, which is not defined")))?
        };
        p.lines.push(Line { function, line, column });
    }
    p.location_index = IdIndex::build(p.locations.iter().map(|l| l.id), p.locations.len());
    // Every sample is read once here to validate it; analyses read them again.
    let (mut locations, mut values, mut labels) = (Vec::new(), Vec::new(), Vec::new());
    for &(start, end) in &p.samples {
        sample(bytes, (start as usize, end as usize), compressed, &p.location_index, &mut locations, &mut values, Some(&mut labels))?;
        if values.len() != p.sample_types.len() {
            return Err(error_at(start as usize, format!("sample has {} values for {} sample types", values.len(), p.sample_types.len())));
        }
        if let Some(label) = labels.iter().find(|l| [l.key, l.str, l.num_unit].iter().any(|&index| index as usize >= p.strings.len())) {
            return Err(error_at(start as usize, format!("sample label refers to string index {} outside the string table", label.key.max(label.str))));
        }
    }
    p.data = data;
    Ok(p)
}

/// One sample as read from the buffer: location indices leaf first, values
/// in sample-type order, labels.
#[derive(Debug, Default)]
pub struct SampleBuf {
    pub locations: Vec<u32>,
    pub values: Vec<i64>,
    pub labels: Vec<Label>,
}

impl Profile<'_> {
    pub fn string(&self, index: u32) -> Cow<'_, str> {
        match self.strings.get(index as usize) {
            Some(&(start, len)) => String::from_utf8_lossy(&self.data[start as usize..(start + len) as usize]),
            None => Cow::Borrowed(""),
        }
    }

    pub fn string_count(&self) -> usize {
        self.strings.len()
    }

    pub fn sample_count(&self) -> usize {
        self.samples.len()
    }

    /// Reads sample `index` into `buf` (validated when decoded, so this does
    /// not fail; labels are read only when `with_labels`).
    pub fn read_sample(&self, index: usize, buf: &mut SampleBuf, with_labels: bool) {
        let (start, end) = self.samples[index];
        let labels = if with_labels { Some(&mut buf.labels) } else { None };
        let result = sample(&self.data, (start as usize, end as usize), self.compressed, &self.location_index, &mut buf.locations, &mut buf.values, labels);
        if result.is_err() {
            buf.locations.clear();
            buf.values.clear();
        }
        buf.values.resize(self.sample_types.len(), 0);
    }

    /// Index of the sample type named `name`.
    pub fn sample_type_index(&self, name: &str) -> Option<usize> {
        self.sample_types.iter().position(|t| self.string(t.type_) == name)
    }

    /// The lines of a location, innermost inlined frame first.
    pub fn location_lines(&self, location: u32) -> &[Line] {
        let loc = &self.locations[location as usize];
        &self.lines[loc.lines_start as usize..(loc.lines_start + loc.lines_len) as usize]
    }
}
