/**
 * Code-point ⇄ UTF-16 offset conversion. TAB files count Unicode code points (Python indexing);
 * JavaScript strings count UTF-16 code units, which differ after every character outside the BMP.
 */

const SURROGATE = /[\uD800-\uDFFF]/;

export interface OffsetConverter {
  /** Length of the text in code points. */
  readonly codePointLength: number;
  /** UTF-16 offset of a code-point offset; throws RangeError outside 0..codePointLength. */
  toUtf16(codePointOffset: number): number;
  /** Code-point offset of a UTF-16 offset; throws RangeError inside a surrogate pair or out of range. */
  toCodePoint(utf16Offset: number): number;
}

class IdentityConverter implements OffsetConverter {
  constructor(readonly codePointLength: number) {}
  toUtf16(offset: number): number {
    checkRange(offset, this.codePointLength, 'code-point');
    return offset;
  }
  toCodePoint(offset: number): number {
    checkRange(offset, this.codePointLength, 'UTF-16');
    return offset;
  }
}

/** For texts with astral characters: a table from code point index to UTF-16 index. */
class TableConverter implements OffsetConverter {
  private readonly utf16ByCodePoint: Uint32Array;
  private readonly codePointByUtf16: Int32Array;
  readonly codePointLength: number;

  constructor(text: string) {
    const utf16ByCodePoint: number[] = [];
    const codePointByUtf16 = new Int32Array(text.length + 1).fill(-1);
    let cp = 0;
    for (let i = 0; i < text.length; cp++) {
      utf16ByCodePoint.push(i);
      codePointByUtf16[i] = cp;
      const code = text.codePointAt(i) ?? 0;
      i += code > 0xffff ? 2 : 1;
    }
    utf16ByCodePoint.push(text.length);
    codePointByUtf16[text.length] = cp;
    this.utf16ByCodePoint = Uint32Array.from(utf16ByCodePoint);
    this.codePointByUtf16 = codePointByUtf16;
    this.codePointLength = cp;
  }

  toUtf16(offset: number): number {
    checkRange(offset, this.codePointLength, 'code-point');
    return this.utf16ByCodePoint[offset];
  }

  toCodePoint(offset: number): number {
    checkRange(offset, this.codePointByUtf16.length - 1, 'UTF-16');
    const cp = this.codePointByUtf16[offset];
    if (cp < 0) throw new RangeError(`UTF-16 offset ${offset} falls inside a surrogate pair`);
    return cp;
  }
}

function checkRange(offset: number, length: number, unit: string): void {
  if (!Number.isInteger(offset) || offset < 0 || offset > length) {
    throw new RangeError(`${unit} offset ${offset} is outside 0..${length}`);
  }
}

/** A converter for one text; O(1) per lookup, and free for texts without astral characters. */
export function offsetConverter(text: string): OffsetConverter {
  return SURROGATE.test(text) ? new TableConverter(text) : new IdentityConverter(text.length);
}

/** Number of Unicode code points in a string. */
export function codePointLength(text: string): number {
  return SURROGATE.test(text) ? offsetConverter(text).codePointLength : text.length;
}
