//! Finding a file's text encoding and decoding it chunk by chunk.
//!
//! Order of evidence: a byte-order mark, then "is it valid UTF-8?", then chardetng (Firefox's
//! detector) over the first bytes. The user can override the guess with any WHATWG label
//! (`windows-1251`, `cp1250`, `big5`, `gbk`, `utf-16le`…).

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_8};

/// How many bytes are looked at before the encoding is decided.
pub(crate) const DETECT_BYTES: usize = 64 * 1024;

/// Guesses the encoding of `sample`, the first bytes of a file (`whole` when it is all of it).
pub(crate) fn detect(sample: &[u8], whole: bool) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(sample) {
        return encoding;
    }
    if looks_like_utf8(sample, whole) {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(sample, whole);
    detector.guess(None, true)
}

/// True when `sample` is valid UTF-8, allowing a character cut off at the end of a partial
/// sample.
fn looks_like_utf8(sample: &[u8], whole: bool) -> bool {
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) => !whole && e.error_len().is_none() && sample.len() - e.valid_up_to() < 4,
    }
}

/// Looks up an encoding by its label, for the user's override.
pub(crate) fn by_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Decodes a byte stream to UTF-8 text, chunk by chunk, removing a byte-order mark.
pub(crate) struct TextDecoder {
    decoder: Decoder,
    /// Characters that could not be decoded and were replaced by U+FFFD.
    pub replaced: bool,
    finished: bool,
}

impl TextDecoder {
    /// A decoder for `encoding`.
    pub fn new(encoding: &'static Encoding) -> Self {
        TextDecoder {
            decoder: encoding.new_decoder_with_bom_removal(),
            replaced: false,
            finished: false,
        }
    }

    /// The encoding being decoded (after a BOM, the one it named).
    pub fn encoding(&self) -> &'static Encoding {
        self.decoder.encoding()
    }

    /// Decodes `bytes` and appends the text to `out`; `last` on the final chunk.
    pub fn decode(&mut self, bytes: &[u8], out: &mut String, last: bool) {
        if self.finished {
            return; // the stream has ended; nothing more can come
        }
        self.finished = last;
        let mut rest = bytes;
        loop {
            let need = self
                .decoder
                .max_utf8_buffer_length(rest.len())
                .unwrap_or(rest.len().saturating_mul(3).saturating_add(16));
            out.reserve(need);
            let (result, read, replaced) = self.decoder.decode_to_string(rest, out, last);
            self.replaced |= replaced;
            rest = &rest[read..];
            match result {
                CoderResult::InputEmpty => break,
                CoderResult::OutputFull => continue,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8]) -> (String, &'static str) {
        let encoding = detect(bytes, true);
        let mut d = TextDecoder::new(encoding);
        let mut out = String::new();
        // Feed byte by byte: characters split across chunks must survive.
        for b in bytes {
            d.decode(std::slice::from_ref(b), &mut out, false);
        }
        d.decode(&[], &mut out, true);
        (out, d.encoding().name())
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode_all("ā,b".as_bytes()), ("ā,b".into(), "UTF-8"));
        assert_eq!(
            decode_all(b"\xEF\xBB\xBFa,\xC4\x81"),
            ("a,ā".into(), "UTF-8")
        );
    }

    #[test]
    fn utf16_with_bom() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("日期,a".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode_all(&le), ("日期,a".into(), "UTF-16LE"));
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("日期,a".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(decode_all(&be), ("日期,a".into(), "UTF-16BE"));
    }

    #[test]
    fn legacy_code_pages_are_guessed() {
        let text = "Покупатель;Дата;Сумма\nИванов Иван Петрович;05.03.2024;1 234,56\nПетрова Мария;06.03.2024;99,00\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        assert_eq!(decode_all(&bytes), (text.into(), "windows-1251"));
        let text = "客戶,訂單日期,金額\n王小明,2024/3/5,1,234\n陳大文,2024/3/6,88\n";
        let (bytes, _, _) = encoding_rs::BIG5.encode(text);
        assert_eq!(decode_all(&bytes).1, "Big5");
    }

    #[test]
    fn labels() {
        assert_eq!(by_label("cp1251").map(|e| e.name()), Some("windows-1251"));
        assert_eq!(by_label(" GBK ").map(|e| e.name()), Some("GBK"));
        assert!(by_label("klingon").is_none());
    }
}
