//! Finding a file's text encoding and decoding it chunk by chunk.
//!
//! Order of evidence: a byte-order mark, then "is it valid UTF-8?", then meaning. A file that is
//! neither is decoded in each legacy encoding we support ([`CANDIDATES`], plus chardetng's guess
//! when it is another) over the whole sample, and the decoding that makes sense wins:
//! 1. the one under which most of the header's non-ASCII names are known column names;
//! 2. else the one with the fewest implausible letters ([`implausibility`]): control characters
//!    and undecodable bytes, scripts mixed inside a word, letters no one language writes
//!    together, lower case followed by upper case inside a word, box drawing and odd symbols
//!    glued to letters, a lone CJK character glued to Latin letters;
//! 3. ties go to the encodings we list, then to chardetng's guess (Firefox's detector), then to
//!    the order of [`CANDIDATES`].
//!
//! GBK and Big5 read each other's bytes as real characters, so between them only the header's
//! names and chardetng decide; Latin code pages that write a text's letters the same (German in
//! 1250, 1252 and 1257) give the same text either way.
//!
//! A mostly ASCII file whose only non-ASCII text is a header or a short prefix thus comes out
//! right where a statistical guess over a few bytes does not. The user can override the result
//! with any WHATWG label (`windows-1251`, `cp1250`, `big5`, `gbk`, `utf-16le`…).

use super::columns::ColumnMap;
use encoding_rs::{CoderResult, Decoder, Encoding, UTF_8};

/// How many bytes are looked at before the encoding is decided.
pub(crate) const DETECT_BYTES: usize = 64 * 1024;

/// The legacy encodings a file without BOM that is not UTF-8 is weighed in: Western, Central
/// European, Cyrillic and Baltic Windows code pages, ISO-8859-2, KOI8-R, DOS Cyrillic (866),
/// Simplified Chinese (GBK, decoded as GB18030), Traditional Chinese (Big5), Japanese
/// (Shift_JIS) and Korean (EUC-KR).
pub const CANDIDATES: [&Encoding; 11] = [
    encoding_rs::WINDOWS_1252,
    encoding_rs::WINDOWS_1250,
    encoding_rs::WINDOWS_1251,
    encoding_rs::WINDOWS_1257,
    encoding_rs::ISO_8859_2,
    encoding_rs::KOI8_R,
    encoding_rs::IBM866,
    encoding_rs::GBK,
    encoding_rs::BIG5,
    encoding_rs::SHIFT_JIS,
    encoding_rs::EUC_KR,
];

/// How well a decoding reads, best highest: known header names, minus implausibility, listed,
/// chardetng's guess, minus the place in the list.
type Score = (usize, i64, bool, bool, i64);

/// Lines looked at for the header (a title may stand above it).
const HEADER_LINES: usize = 11;
/// Longest line, and most cells, looked at as a header.
const MAX_HEADER_BYTES: usize = 8 * 1024;
const MAX_HEADER_CELLS: usize = 256;
/// Longest cell looked up as a column name, in characters.
const MAX_NAME_CHARS: usize = 40;

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
    let guess = detector.guess(None, true);
    if sample.is_ascii() {
        return guess;
    }
    let extra = (!CANDIDATES.contains(&guess)).then_some(guess);
    let mut best: Option<(&'static Encoding, Score)> = None;
    for (order, encoding) in CANDIDATES.iter().copied().chain(extra).enumerate() {
        let text = decode_sample(encoding, sample, whole);
        let score = (
            known_header_names(&text),
            -(implausibility(&text) as i64),
            order < CANDIDATES.len(),
            encoding == guess,
            -(order as i64),
        );
        if best.is_none_or(|(_, b)| score > b) {
            best = Some((encoding, score));
        }
    }
    best.map_or(guess, |(encoding, _)| encoding)
}

/// `sample` decoded as `encoding` (a character cut off at the end of a partial sample is left
/// out, not replaced).
fn decode_sample(encoding: &'static Encoding, sample: &[u8], whole: bool) -> String {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(
        decoder
            .max_utf8_buffer_length(sample.len())
            .unwrap_or(sample.len() * 3),
    );
    let mut rest = sample;
    loop {
        let (result, read, _) = decoder.decode_to_string(rest, &mut text, whole);
        rest = &rest[read..];
        match result {
            CoderResult::InputEmpty => return text,
            CoderResult::OutputFull => text.reserve(rest.len() * 3 + 16),
        }
    }
}

/// The most cells with non-ASCII letters that are known column names, on one of the first lines
/// cut by one of the usual delimiters: what the header says under this decoding.
fn known_header_names(text: &str) -> usize {
    let lines = text
        .split(['\n', '\r'])
        .filter(|l| !l.trim().is_empty())
        .take(HEADER_LINES);
    let mut checked: Vec<(&str, bool)> = Vec::new();
    let mut best = 0;
    for line in lines.filter(|l| !l.is_ascii() && l.len() <= MAX_HEADER_BYTES) {
        for delimiter in [',', ';', '\t', '|'] {
            let mut known = 0;
            for cell in line.split(delimiter).take(MAX_HEADER_CELLS) {
                let cell = cell.trim().trim_matches('"').trim();
                if cell.is_ascii() || cell.chars().nth(MAX_NAME_CHARS).is_some() {
                    continue;
                }
                let is_known = match checked.iter().find(|(c, _)| *c == cell) {
                    Some(&(_, is_known)) => is_known,
                    None => {
                        let is_known = ColumnMap::detect(&[cell.to_string()], &[])
                            .role_of(0)
                            .is_some();
                        checked.push((cell, is_known));
                        is_known
                    }
                };
                known += usize::from(is_known);
            }
            best = best.max(known);
        }
    }
    best
}

/// Languages (bits) that write each non-ASCII letter, lower case: a word whose letters share no
/// language is implausible. Latin alphabets first, then Cyrillic, then Greek.
const ALPHABETS: [&str; 28] = [
    "ąćęłńóśźż",                            // Polish
    "āčēģīķļņšūž",                          // Latvian
    "ąčęėįšųūž",                            // Lithuanian
    "äöõüšž",                               // Estonian
    "áčďéěíňóřšťúůýž",                      // Czech
    "áäčďéíĺľňóôŕšťúýž",                    // Slovak
    "áéíóöőúüű",                            // Hungarian
    "čćđšž",                                // Croatian, Serbian, Bosnian, Slovene
    "ăâîșțşţ",                              // Romanian
    "çë",                                   // Albanian
    "äöüß",                                 // German
    "àâæçéèêëîïôœùûüÿ",                     // French
    "áéíñóúü",                              // Spanish
    "áâãàçéêíóôõú",                         // Portuguese
    "àèéìíîòóù",                            // Italian
    "àçèéíïòóúü",                           // Catalan
    "áéèëïóöü",                             // Dutch
    "æøåéó",                                // Danish, Norwegian
    "åäöé",                                 // Swedish, Finnish
    "áðéíóúýþæö",                           // Icelandic
    "çğıöşüâî",                             // Turkish
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",    // Russian
    "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",    // Ukrainian
    "абвгдеёжзійклмнопрстуўфхцчшыьэюя",     // Belarusian
    "абвгдежзийклмнопрстуфхцчшщъьюя",       // Bulgarian
    "абвгдђежзијклљмнњопрстћуфхцчџш",       // Serbian
    "абвгдѓежзѕијклљмнњопрстќуфхцчџш",      // Macedonian
    "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ", // Greek
];

/// First and last characters [`ALPHABETS`] hold (Latin-1 letters to Cyrillic).
const ALPHABET_RANGE: std::ops::RangeInclusive<u32> = 0xc0..=0x4ff;

/// The languages that write `c` (either case), as bits of [`ALPHABETS`]; looked up in a table
/// made once, as it runs for every letter of every candidate decoding.
fn languages(c: char) -> u32 {
    static TABLE: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let start = *ALPHABET_RANGE.start();
        let mut table = vec![0u32; (ALPHABET_RANGE.end() - start + 1) as usize];
        for (i, letters) in ALPHABETS.iter().enumerate() {
            for letter in letters.chars() {
                let upper = letter.to_uppercase();
                for c in std::iter::once(letter).chain(upper) {
                    if let Some(slot) = (c as u32)
                        .checked_sub(start)
                        .and_then(|at| table.get_mut(at as usize))
                    {
                        *slot |= 1 << i;
                    }
                }
            }
        }
        // İ (U+0130) lower-cases to i: Turkish.
        if let Some(slot) = table.get_mut((0x130 - start) as usize) {
            *slot |= languages_of_dotless_i();
        }
        table
    });
    (c as u32)
        .checked_sub(*ALPHABET_RANGE.start())
        .and_then(|at| table.get(at as usize))
        .copied()
        .unwrap_or(0)
}

/// The languages that write ı (dotless i), whose capital İ pairs with it.
fn languages_of_dotless_i() -> u32 {
    ALPHABETS
        .iter()
        .enumerate()
        .filter(|(_, letters)| letters.contains('ı'))
        .fold(0, |mask, (i, _)| mask | 1 << i)
}

/// Han, kana, hangul and their half- and full-width forms.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff
        | 0xff00..=0xffef)
}

fn is_cyrillic_or_greek(c: char) -> bool {
    matches!(c as u32, 0x0370..=0x04ff)
}

/// Non-ASCII characters that are not letters but common in text (spaces, quotes, dashes,
/// currency and measure signs).
const COMMON_SIGNS: &str = "\u{a0}«»„“”‘’‚–—…€£¥₽₴№°§©®™•·×±²³µ¼½¾¢";

/// How implausible `text` is as written text: each control character, undecodable byte or
/// private-use character counts 4; each letter of a word whose non-ASCII letters share no
/// language, or that mixes Cyrillic or Greek with other letters, 1; each lower-to-upper case
/// change inside a word at a non-ASCII letter, 1; each box-drawing character, and each other
/// uncommon sign glued to a letter, 1; each lone CJK character glued to Latin letters, 1.
pub(crate) fn implausibility(text: &str) -> usize {
    let mut score = 0;
    let mut words = Words::default();
    let mut word: Vec<char> = Vec::new();
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            score += implausible_word(&word);
            words.add(&word);
            word.clear();
            if !c.is_ascii() {
                let code = c as u32;
                let glued = prev.is_some_and(char::is_alphabetic)
                    || chars.peek().is_some_and(|n| n.is_alphabetic());
                score += if c.is_control()
                    || c == char::REPLACEMENT_CHARACTER
                    || (0xe000..=0xf8ff).contains(&code)
                {
                    4
                } else if (0x2500..=0x259f).contains(&code)
                    || (glued && !c.is_whitespace() && !COMMON_SIGNS.contains(c))
                {
                    1
                } else {
                    0
                };
            } else if c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r') {
                score += 4;
            }
        }
        prev = Some(c);
    }
    words.add(&word);
    score + implausible_word(&word) + words.foreign()
}

/// The languages of a text's words with non-ASCII letters: a text is written in one language
/// or two, its mojibake in many.
#[derive(Default)]
struct Words {
    /// Words each language writes.
    per_language: [usize; ALPHABETS.len()],
    /// Words with a language.
    total: usize,
}

impl Words {
    fn add(&mut self, word: &[char]) {
        let mask = word
            .iter()
            .filter(|c| !c.is_ascii() && !is_cjk(**c))
            .fold(None, |mask: Option<u32>, c| {
                Some(mask.unwrap_or(u32::MAX) & languages(*c))
            });
        if let Some(mask) = mask.filter(|m| *m != 0) {
            self.total += 1;
            for (i, n) in self.per_language.iter_mut().enumerate() {
                *n += usize::from(mask & 1 << i != 0);
            }
        }
    }

    /// Words the language that writes the most of them does not write.
    fn foreign(&self) -> usize {
        self.total - self.per_language.iter().max().copied().unwrap_or(0)
    }
}

/// The implausibility of one word (a run of letters), see [`implausibility`].
fn implausible_word(word: &[char]) -> usize {
    if word.iter().all(char::is_ascii) {
        return 0;
    }
    let mut score = 0;
    let non_ascii_letters = word
        .iter()
        .filter(|c| !c.is_ascii() && !is_cjk(**c))
        .count();
    let has_ascii = word.iter().any(char::is_ascii);
    let has_cjk = word.iter().any(|c| is_cjk(*c));
    let has_cyrillic_or_greek = word.iter().any(|c| is_cyrillic_or_greek(*c));
    let shared = word
        .iter()
        .filter(|c| !c.is_ascii() && !is_cjk(**c))
        .fold(u32::MAX, |mask, c| mask & languages(*c));
    let mixed_script = has_cyrillic_or_greek && (has_ascii || has_cjk);
    if non_ascii_letters > 0 && (shared == 0 || mixed_script) {
        score += non_ascii_letters;
    }
    if has_cjk && non_ascii_letters > 0 {
        score += 1;
    }
    for pair in word.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.is_lowercase() && b.is_uppercase() && !(a.is_ascii() && b.is_ascii()) {
            score += 1;
        }
    }
    // A lone CJK character between Latin letters: two bytes of a Latin text read as one.
    for (i, c) in word.iter().enumerate() {
        if !is_cjk(*c) {
            continue;
        }
        let before = i.checked_sub(1).and_then(|j| word.get(j));
        let after = word.get(i + 1);
        let lone = !before.is_some_and(|b| is_cjk(*b)) && !after.is_some_and(|a| is_cjk(*a));
        if lone && (before.is_some_and(char::is_ascii) || after.is_some_and(char::is_ascii)) {
            score += 1;
        }
    }
    score
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

    /// A file whose only non-ASCII text is its header, encoded with `encoding`'s encoder.
    fn header_only(encoding: &'static Encoding, header: &str) -> (String, Vec<u8>) {
        let text = format!("{header}\nC001;05.03.2024;12,50\nC002;06.03.2024;7,00\n");
        let (bytes, _, unmappable) = encoding.encode(&text);
        assert!(!unmappable, "{header} in {}", encoding.name());
        let bytes = bytes.into_owned();
        (text, bytes)
    }

    #[test]
    fn a_header_alone_is_enough_in_every_supported_code_page() {
        let cases: [(&Encoding, &str); 12] = [
            (encoding_rs::WINDOWS_1251, "Клиент;Дата;Сумма"),
            (encoding_rs::KOI8_R, "Клиент;Дата;Сумма"),
            (encoding_rs::IBM866, "Покупатель;Дата;Сумма"),
            (encoding_rs::WINDOWS_1251, "КЛИЕНТ;ДАТА;СУММА"),
            (encoding_rs::WINDOWS_1250, "Kontrahent;Data;Wartość brutto"),
            (encoding_rs::ISO_8859_2, "Kontrahent;Data;Wartość brutto"),
            (
                encoding_rs::WINDOWS_1257,
                "Pircējs;Pasūtījuma datums;Summa ar PVN",
            ),
            (
                encoding_rs::WINDOWS_1252,
                "Käufer;Bestelldatum;Gesamtbetrag (€)",
            ),
            (
                encoding_rs::WINDOWS_1252,
                "Client;Date de création;Montant payé",
            ),
            (encoding_rs::BIG5, "客戶,日期,金額"),
            (encoding_rs::GBK, "客户,日期,金额"),
            (encoding_rs::BIG5, "客戶編號,訂單日期,訂單金額"),
        ];
        for (encoding, header) in cases {
            let (text, bytes) = header_only(encoding, header);
            let (got, name) = decode_all(&bytes);
            assert_eq!(got, text, "{header} in {}", encoding.name());
            // Code pages that write this header with the same bytes are as right.
            let same = Encoding::for_label(name.as_bytes())
                .unwrap()
                .encode(&text)
                .0
                == bytes;
            assert!(same, "{header}: {} read as {name}", encoding.name());
        }
    }

    #[test]
    fn cyrillic_prefixes_on_document_numbers_are_windows_1251() {
        let mut text = String::from("Номер документа;Контрагент;Дата;Сумма\n");
        for i in 0..40 {
            text.push_str(&format!("ПН-{i:06};C{i:03};05.03.2024;{i},50\n"));
        }
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&text);
        assert_eq!(decode_all(&bytes), (text.clone(), "windows-1251"));
        // With a header no vocabulary knows, the letters alone decide.
        let unknown = text.replacen(
            "Номер документа;Контрагент;Дата;Сумма",
            "Шифр;Кто;Когда;Сколько",
            1,
        );
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&unknown);
        assert_eq!(decode_all(&bytes), (unknown, "windows-1251"));
    }

    #[test]
    fn the_right_decoding_has_the_fewest_implausible_letters() {
        // GBK and Big5 read each other's bytes as real characters: for them the header's
        // names and chardetng decide.
        let texts: [(&Encoding, &str); 6] = [
            (
                encoding_rs::WINDOWS_1251,
                "Шифр;Кто;Когда;Сколько\nПН-1;a;1;2",
            ),
            (encoding_rs::KOI8_R, "Шифр;Кто;Когда;Сколько\nПН-1;a;1;2"),
            (encoding_rs::IBM866, "Шифр;Кто;Когда;Сколько\nПН-1;a;1;2"),
            (encoding_rs::WINDOWS_1250, "Zażółć;gęślą;jaźń"),
            (encoding_rs::ISO_8859_2, "Zażółć;gęślą;jaźń"),
            (encoding_rs::WINDOWS_1257, "Ņemot vērā;Šķirne;Ģimene"),
        ];
        for (encoding, text) in texts {
            let (bytes, _, _) = encoding.encode(text);
            let right = implausibility(text);
            for other in CANDIDATES {
                let (read, _) = other.decode_without_bom_handling(&bytes);
                if read != text {
                    assert!(
                        implausibility(&read) > right,
                        "{text} in {}: read as {} `{read}` is as plausible",
                        encoding.name(),
                        other.name()
                    );
                }
            }
        }
    }

    #[test]
    fn plausible_text_scores_nothing() {
        for text in [
            "Zażółć gęślą jaźń, Łódź",
            "Müller, Größe, Bäcker",
            "Ņemot vērā, Šķirne, Ģimene",
            "İstanbul'da çay",
            "Иванов Пётр, Москва",
            "Київ, Ґанок, Їжак",
            "Αθήνα",
            "客戶 SKU编号 訂單ID, 1 234,56 €, «ок» — №5",
        ] {
            assert_eq!(implausibility(text), 0, "{text}");
        }
    }

    #[test]
    fn labels() {
        assert_eq!(by_label("cp1251").map(|e| e.name()), Some("windows-1251"));
        assert_eq!(by_label(" GBK ").map(|e| e.name()), Some("GBK"));
        assert!(by_label("klingon").is_none());
    }
}
