/**
 * Ruby Marshal 4.8, the subset MCollective's psk security provider puts on the wire (nil, true,
 * false, Integer incl. Bignum, Float, String with and without encoding, Symbol, Array, Hash, links),
 * plus tolerant reading of the rest (Regexp, Object, Struct, user classes).
 *
 * Hand-written, both directions. @hyrious/marshal decodes MCollective's blobs correctly and our
 * tests use it as an oracle, but in production we need what it does not give (checked against
 * 0.3.4): bounds on hostile input (it recurses without limit, so deep nesting overflows the stack;
 * a negative count throws a bare RangeError; a bad link or unknown type byte silently yields
 * undefined; trailing bytes are ignored), exact Bignums (it sums bytes in floating point, so values
 * above 2^53 come back rounded), and round-trip fidelity (it folds US-ASCII into UTF-8 and writes
 * an integral Float as an Integer). Its encoder also mis-numbers links to repeated floats/bignums
 * (wire spec §5.4 (c)), which silently corrupts later strings. So: one reader with a depth limit,
 * a length limit and a typed MarshalError; one writer that follows marshal.c's w_object so its
 * bytes match Ruby's (including Ruby's own links for repeated flonums and encoding names).
 */

export type MarshalErrorCode =
	| 'bad-header'
	| 'truncated'
	| 'too-long'
	| 'too-deep'
	| 'too-large'
	| 'bad-link'
	| 'bad-value'
	| 'unsupported'
	| 'trailing';

/** Every failure to read or write Marshal data; `offset` is where reading stopped. */
export class MarshalError extends Error {
	readonly code: MarshalErrorCode;
	readonly offset: number | undefined;
	constructor(code: MarshalErrorCode, message: string, offset?: number) {
		super(offset === undefined ? message : `${message} (at byte ${offset})`);
		this.name = 'MarshalError';
		this.code = code;
		this.offset = offset;
	}
}

/** A String whose bytes are not (or not only) plain UTF-8 text: US-ASCII, invalid UTF-8, Latin-1… */
export class RubyString {
	constructor(
		readonly bytes: Uint8Array,
		/** Ruby encoding name: `US-ASCII`, `UTF-8`, `ISO-8859-1`, … (ASCII-8BIT is a bare Uint8Array). */
		readonly encoding: string,
	) {}
	toString(): string {
		return new TextDecoder(this.encoding === 'US-ASCII' ? 'utf-8' : labelFor(this.encoding)).decode(
			this.bytes,
		);
	}
}

/** A Ruby Float, kept distinct from Integer (JS numbers cannot tell 100.0 from 100). */
export class RubyFloat {
	constructor(readonly value: number) {}
}

export class RubyRegexp {
	constructor(
		readonly source: string,
		readonly options: number,
	) {}
}

/** Objects MCollective never sends; read so a reply from an odd agent is still displayable. */
export class RubyObject {
	constructor(
		readonly className: string,
		readonly fields: Map<MarshalValue, MarshalValue>,
		readonly kind: 'object' | 'struct' | 'user-defined' | 'user-marshal' | 'class' | 'module',
		readonly bytes?: Uint8Array,
	) {}
}

/** A Hash that carries a default value (Ruby's `Hash.new(x)`, Marshal type `}`). */
export class RubyHash extends Map<MarshalValue, MarshalValue> {
	constructor(
		entries: Iterable<readonly [MarshalValue, MarshalValue]>,
		readonly defaultValue: MarshalValue,
	) {
		super(entries);
	}
}

/**
 * Values as read, and as accepted by the writer:
 * null/true/false; number (integral = Integer, else Float); bigint = Integer; RubyFloat = Float;
 * string = UTF-8 String; Uint8Array = binary (ASCII-8BIT) String; RubyString = String in another
 * encoding; symbol = Symbol (`Symbol.for(name)`); Array; Map = Hash with any keys.
 * The writer also takes a plain object as a Hash with Symbol keys (MCollective's usual shape).
 */
export type MarshalValue =
	| null
	| boolean
	| number
	| bigint
	| string
	| symbol
	| Uint8Array
	| RubyString
	| RubyFloat
	| RubyRegexp
	| RubyObject
	| MarshalValue[]
	| Map<MarshalValue, MarshalValue>;

export type MarshalInput =
	| MarshalValue
	| MarshalInput[]
	| Map<MarshalInput, MarshalInput>
	| {[key: string]: MarshalInput};

export const DEFAULT_MAX_LENGTH = 8 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 64;
/** Longest Bignum read (bytes). MCollective sends epoch seconds; 16 KiB is ~10^39000. */
export const DEFAULT_MAX_BIGNUM_BYTES = 16 * 1024;
/**
 * Most nodes (plus string bytes / 64) toPlain and inspect will produce: Marshal links let a few
 * hundred bytes describe a tree of billions of nodes, so expansion is budgeted, not trusted.
 */
export const DEFAULT_MAX_EXPANDED = 50_000;

export type LoadOptions = {
	/** Refuse input longer than this many bytes. */
	readonly maxLength?: number;
	/** Refuse nesting deeper than this (containers and ivar wrappers count). */
	readonly maxDepth?: number;
	/** Ruby ignores bytes after the first object; by default we refuse them. */
	readonly allowTrailing?: boolean;
	/**
	 * Keep UTF-8 Strings as RubyString objects instead of JS strings, so object identity (and thus
	 * Ruby's `@` links to a repeated String object) survives a load → dump round trip byte for byte.
	 */
	readonly stringObjects?: boolean;
	/** Refuse a Bignum longer than this many bytes (read before any arithmetic). */
	readonly maxBignumBytes?: number;
};

/** Ruby `:name`. */
export const sym = (name: string): symbol => Symbol.for(name);

/** The name of a symbol made by `sym` (or by the reader). */
export function symbolName(value: symbol): string {
	return Symbol.keyFor(value) ?? value.description ?? '';
}

const utf8 = new TextDecoder('utf-8', {fatal: true});
const utf8Encoder = new TextEncoder();

/**
 * A short all-ASCII symbol name (:msgtime, :senderid… every reply has several) as a string
 * without a TextDecoder call, which costs more than the few bytes it reads; ASCII decodes the
 * same in UTF-8. Anything else: undefined (the decoder's turn).
 */
function asciiName(raw: Uint8Array): string | undefined {
	if (raw.length > 64) return undefined;
	for (let k = 0; k < raw.length; k++) if ((raw[k] as number) >= 0x80) return undefined;
	return String.fromCharCode.apply(null, raw as unknown as number[]);
}

function labelFor(encoding: string): string {
	const lower = encoding.toLowerCase();
	if (lower === 'ascii-8bit' || lower === 'binary') return 'latin1';
	try {
		new TextDecoder(lower);
		return lower;
	} catch {
		return 'latin1';
	}
}

// Type bytes (marshal.c).
const T = {
	nil: 0x30,
	true: 0x54,
	false: 0x46,
	fixnum: 0x69,
	bignum: 0x6c,
	float: 0x66,
	string: 0x22,
	symbol: 0x3a,
	symlink: 0x3b,
	link: 0x40,
	ivar: 0x49,
	array: 0x5b,
	hash: 0x7b,
	hashDefault: 0x7d,
	regexp: 0x2f,
	object: 0x6f,
	struct: 0x53,
	userDefined: 0x75,
	userMarshal: 0x55,
	userClass: 0x43,
	extended: 0x65,
	class: 0x63,
	module: 0x6d,
	moduleOld: 0x4d,
} as const;

// ---------------------------------------------------------------------------------------------
// Reader

class Reader {
	pos = 2;
	readonly symbols: symbol[] = [];
	readonly objects: MarshalValue[] = [];

	constructor(
		readonly bytes: Uint8Array,
		readonly maxDepth: number,
		readonly stringObjects = false,
		readonly maxBignumBytes = DEFAULT_MAX_BIGNUM_BYTES,
	) {}

	fail(code: MarshalErrorCode, message: string): never {
		throw new MarshalError(code, message, this.pos);
	}

	byte(): number {
		if (this.pos >= this.bytes.length) this.fail('truncated', 'marshal data too short');
		return this.bytes[this.pos++] as number;
	}

	take(n: number): Uint8Array {
		if (n < 0) this.fail('bad-value', `negative length ${n}`);
		if (n > this.bytes.length - this.pos) {
			this.fail('truncated', `length ${n} runs past the end (${this.bytes.length - this.pos} bytes left)`);
		}
		// a view made directly: subarray looks up a species constructor first, about twice the cost,
		// and a reply reads several of these (a 20,000-reply ping: ~130 ms CPU in subarray)
		const out = new Uint8Array(this.bytes.buffer, this.bytes.byteOffset + this.pos, n);
		this.pos += n;
		return out;
	}

	/** r_long */
	long(): number {
		const c = (this.byte() << 24) >> 24; // signed
		if (c === 0) return 0;
		if (c >= 5) return c - 5;
		if (c <= -5) return c + 5;
		if (c > 0) {
			let x = 0;
			for (let i = 0; i < c; i++) x += this.byte() * 2 ** (8 * i);
			return x;
		}
		const n = -c;
		let x = 0;
		for (let i = 0; i < n; i++) x += this.byte() * 2 ** (8 * i);
		return x - 2 ** (8 * n);
	}

	/** A count of items each needing at least `minBytes`: bounded by what is left. */
	count(minBytes: number): number {
		const n = this.long();
		if (n < 0) this.fail('bad-value', `negative count ${n}`);
		if (n * minBytes > this.bytes.length - this.pos) {
			this.fail('truncated', `count ${n} cannot fit in the ${this.bytes.length - this.pos} bytes left`);
		}
		return n;
	}

	bytesWithLength(): Uint8Array {
		return this.take(this.long());
	}

	register<V extends MarshalValue>(value: V): V {
		this.objects.push(value);
		return value;
	}

	symbolBody(): symbol {
		const raw = this.bytesWithLength();
		let name = asciiName(raw);
		if (name === undefined) {
			try {
				name = utf8.decode(raw);
			} catch {
				name = new TextDecoder('latin1').decode(raw);
			}
		}
		const value = Symbol.for(name);
		this.symbols.push(value);
		return value;
	}

	symbolOnly(depth: number): symbol {
		const t = this.byte();
		if (t === T.symbol) return this.symbolBody();
		if (t === T.symlink) return this.symlink();
		if (t === T.ivar) {
			// a non-ASCII symbol: I :name <ivars>
			const inner = this.symbolOnly(depth + 1);
			this.skipIvars(depth);
			return inner;
		}
		this.pos--;
		return this.fail('bad-value', `expected a Symbol, got type byte 0x${t.toString(16)}`);
	}

	symlink(): symbol {
		const index = this.long();
		const value = this.symbols[index];
		if (value === undefined)
			this.fail('bad-link', `symbol link ${index} to nothing (${this.symbols.length} symbols)`);
		return value;
	}

	skipIvars(depth: number): void {
		const n = this.count(2);
		for (let i = 0; i < n; i++) {
			this.symbolOnly(depth + 1);
			this.value(depth + 1);
		}
	}

	value(depth: number): MarshalValue {
		if (depth > this.maxDepth) this.fail('too-deep', `nesting deeper than ${this.maxDepth}`);
		const t = this.byte();
		switch (t) {
			case T.nil:
				return null;
			case T.true:
				return true;
			case T.false:
				return false;
			case T.fixnum:
				return this.long();
			case T.bignum: {
				const sign = this.byte();
				if (sign !== 0x2b && sign !== 0x2d)
					this.fail('bad-value', `bad Bignum sign byte 0x${sign.toString(16)}`);
				const words = this.count(2);
				if (words * 2 > this.maxBignumBytes)
					this.fail('too-long', `Bignum of ${words * 2} bytes exceeds the ${this.maxBignumBytes}-byte limit`);
				const raw = this.take(words * 2);
				// Linear: one hex string, one BigInt (shifting in byte by byte is quadratic).
				const hex = Buffer.from(raw).reverse().toString('hex');
				let big = hex === '' ? 0n : BigInt(`0x${hex}`);
				if (sign === 0x2d) big = -big;
				const asNumber = Number(big);
				return this.register(Number.isSafeInteger(asNumber) ? asNumber : big);
			}
			case T.float:
				return this.register(new RubyFloat(this.floatBody()));
			case T.string:
				return this.register(new Uint8Array(this.bytesWithLength()));
			case T.symbol:
				return this.symbolBody();
			case T.symlink:
				return this.symlink();
			case T.link: {
				const index = this.long();
				if (index < 0 || index >= this.objects.length) {
					this.fail('bad-link', `object link ${index} to nothing (${this.objects.length} objects)`);
				}
				return this.objects[index] as MarshalValue;
			}
			case T.ivar:
				return this.ivarValue(depth);
			case T.array: {
				const n = this.count(1);
				const out: MarshalValue[] = this.register([]);
				for (let i = 0; i < n; i++) out.push(this.value(depth + 1));
				return out;
			}
			case T.hash:
			case T.hashDefault: {
				const n = this.count(2);
				const map = new Map<MarshalValue, MarshalValue>();
				const index = this.objects.length;
				this.register(map);
				for (let i = 0; i < n; i++) {
					const key = this.value(depth + 1);
					map.set(key, this.value(depth + 1));
				}
				if (t === T.hash) return map;
				const withDefault = new RubyHash(map, this.value(depth + 1));
				this.objects[index] = withDefault;
				return withDefault;
			}
			case T.regexp: {
				const source = this.bytesWithLength();
				const options = this.byte();
				return this.register(new RubyRegexp(new TextDecoder().decode(source), options));
			}
			case T.object:
			case T.struct: {
				const className = symbolName(this.symbolOnly(depth + 1));
				const fields = new Map<MarshalValue, MarshalValue>();
				const out = this.register(new RubyObject(className, fields, t === T.object ? 'object' : 'struct'));
				const n = this.count(2);
				for (let i = 0; i < n; i++) {
					const key = this.symbolOnly(depth + 1);
					fields.set(key, this.value(depth + 1));
				}
				return out;
			}
			case T.userDefined: {
				const className = symbolName(this.symbolOnly(depth + 1));
				const raw = new Uint8Array(this.bytesWithLength());
				return this.register(new RubyObject(className, new Map(), 'user-defined', raw));
			}
			case T.userMarshal: {
				const className = symbolName(this.symbolOnly(depth + 1));
				const fields = new Map<MarshalValue, MarshalValue>();
				const out = this.register(new RubyObject(className, fields, 'user-marshal'));
				fields.set(sym('data'), this.value(depth + 1));
				return out;
			}
			case T.userClass:
			case T.extended:
				// C :Klass <object> / e :Module <object>: the wrapped object is what matters here.
				this.symbolOnly(depth + 1);
				return this.value(depth + 1);
			case T.class:
			case T.module:
			case T.moduleOld: {
				const name = new TextDecoder().decode(this.bytesWithLength());
				return this.register(new RubyObject(name, new Map(), t === T.class ? 'class' : 'module'));
			}
			default:
				this.pos--;
				return this.fail('unsupported', `unsupported type byte 0x${t.toString(16)}`);
		}
	}

	floatBody(): number {
		const raw = this.bytesWithLength();
		// Old Rubies appended mantissa bytes after a NUL; strtod stops at it.
		const end = raw.indexOf(0);
		const text = new TextDecoder('latin1').decode(end >= 0 ? raw.subarray(0, end) : raw);
		if (text === 'inf') return Number.POSITIVE_INFINITY;
		if (text === '-inf') return Number.NEGATIVE_INFINITY;
		if (text === 'nan') return Number.NaN;
		const value = Number(text);
		if (text.trim() === '' || Number.isNaN(value))
			this.fail('bad-value', `bad Float text ${JSON.stringify(text)}`);
		return value;
	}

	/** `I` + object + ivars: for Strings the ivars say the encoding. */
	ivarValue(depth: number): MarshalValue {
		if (depth + 1 > this.maxDepth) this.fail('too-deep', `nesting deeper than ${this.maxDepth}`);
		const t = this.bytes[this.pos];
		if (t !== T.string) {
			// I-wrapped Regexp, Symbol or other: read the object, drop the ivars.
			const inner = this.value(depth + 1);
			this.skipIvars(depth);
			return inner;
		}
		this.pos++;
		const raw = new Uint8Array(this.bytesWithLength());
		const index = this.objects.length;
		this.register(raw);
		let encoding = 'ASCII-8BIT';
		const n = this.count(2);
		for (let i = 0; i < n; i++) {
			const key = symbolName(this.symbolOnly(depth + 1));
			const value = this.value(depth + 1);
			if (key === 'E') encoding = value === true ? 'UTF-8' : 'US-ASCII';
			else if (key === 'encoding') {
				encoding =
					value instanceof Uint8Array
						? new TextDecoder('latin1').decode(value)
						: typeof value === 'string'
							? value
							: encoding;
			}
		}
		let out: MarshalValue;
		if (encoding === 'ASCII-8BIT') out = raw;
		else if (encoding === 'UTF-8' && this.stringObjects) out = new RubyString(raw, 'UTF-8');
		else if (encoding === 'UTF-8') {
			try {
				out = utf8.decode(raw);
			} catch {
				out = new RubyString(raw, 'UTF-8');
			}
		} else out = new RubyString(raw, encoding);
		this.objects[index] = out;
		return out;
	}
}

/** Marshal.load, bounded: throws MarshalError (never anything else) on bad or hostile input. */
export function marshalLoad(bytes: Uint8Array, options: LoadOptions = {}): MarshalValue {
	const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
	if (bytes.length > maxLength) {
		throw new MarshalError(
			'too-long',
			`marshal data of ${bytes.length} bytes exceeds the ${maxLength}-byte limit`,
		);
	}
	if (bytes.length < 2) throw new MarshalError('truncated', 'marshal data too short', 0);
	if (bytes[0] !== 4 || bytes[1] !== 8) {
		throw new MarshalError(
			'bad-header',
			`incompatible marshal file format (can't be read): format version 4.8 required; ${bytes[0]}.${bytes[1]} given`,
			0,
		);
	}
	const reader = new Reader(
		bytes,
		options.maxDepth ?? DEFAULT_MAX_DEPTH,
		options.stringObjects,
		options.maxBignumBytes,
	);
	let value: MarshalValue;
	try {
		value = reader.value(0);
	} catch (error) {
		if (error instanceof MarshalError) throw error;
		// Defensive: nothing else should escape, but a hostile input must never surface as a crash.
		throw new MarshalError('bad-value', `unreadable marshal data: ${(error as Error).message}`, reader.pos);
	}
	if (!options.allowTrailing && reader.pos !== bytes.length) {
		throw new MarshalError(
			'trailing',
			`${bytes.length - reader.pos} bytes after the marshalled object`,
			reader.pos,
		);
	}
	return value;
}

// ---------------------------------------------------------------------------------------------
// Writer

/** Ruby's flonums (immediate Floats) are one object per value, so a repeated one is written as a link. */
function isFlonum(value: number): boolean {
	const view = new DataView(new ArrayBuffer(8));
	view.setFloat64(0, value);
	const bits = view.getBigUint64(0);
	if (bits === 0n) return true; // +0.0
	if (bits === 0x3000000000000000n) return false;
	const top = Number((bits >> 60n) & 7n);
	return ((top - 3) & ~1) === 0;
}

/** w_float: shortest round-trip digits, laid out like marshal.c. */
export function formatRubyFloat(value: number): string {
	if (Number.isNaN(value)) return 'nan';
	if (value === Number.POSITIVE_INFINITY) return 'inf';
	if (value === Number.NEGATIVE_INFINITY) return '-inf';
	if (value === 0) return Object.is(value, -0) ? '-0' : '0';
	const sign = value < 0 ? '-' : '';
	const [mantissa = '', exponent = '0'] = Math.abs(value).toExponential().split('e');
	const digits = mantissa.replace('.', '');
	const decpt = Number(exponent) + 1;
	const n = digits.length;
	if (decpt < -3 || decpt > n) {
		return `${sign}${digits[0]}${n > 1 ? `.${digits.slice(1)}` : ''}e${decpt - 1}`;
	}
	if (decpt > 0) {
		return `${sign}${digits.slice(0, decpt)}${n > decpt ? `.${digits.slice(decpt)}` : ''}`;
	}
	return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
}

const isAsciiOnly = (bytes: Uint8Array) => bytes.every((b) => b < 0x80);

class Writer {
	private chunks: number[] = [4, 8];
	private readonly symbols = new Map<string, number>();
	private objectCount = 0;
	private readonly flonums = new Map<number | string, number>();
	private readonly encodingNames = new Map<string, number>();
	/** w_object: the same object written twice becomes a link (JS strings have no identity). */
	private readonly seen = new Map<object, number>();

	constructor(private readonly maxDepth: number) {}

	result(): Uint8Array {
		return Uint8Array.from(this.chunks);
	}

	private push(...bytes: number[]): void {
		for (const b of bytes) this.chunks.push(b);
	}

	private pushBytes(bytes: Uint8Array): void {
		for (const b of bytes) this.chunks.push(b);
	}

	/** w_long */
	long(x: number): void {
		if (!Number.isInteger(x) || x < -(2 ** 31) || x >= 2 ** 31) {
			throw new MarshalError('bad-value', `long out of range: ${x}`);
		}
		if (x === 0) {
			this.push(0);
			return;
		}
		if (x > 0 && x < 123) {
			this.push(x + 5);
			return;
		}
		if (x < 0 && x > -124) {
			this.push((x - 5) & 0xff);
			return;
		}
		const out: number[] = [];
		let v = x;
		for (let i = 1; i <= 4; i++) {
			out.push(v & 0xff);
			v >>= 8; // arithmetic shift keeps the sign
			if (v === 0 && x > 0) {
				this.push(i, ...out);
				return;
			}
			if (v === -1 && x < 0) {
				this.push(256 - i, ...out);
				return;
			}
		}
		this.push(4, ...out);
	}

	private symbol(name: string): void {
		const index = this.symbols.get(name);
		if (index !== undefined) {
			this.push(T.symlink);
			this.long(index);
			return;
		}
		this.symbols.set(name, this.symbols.size);
		const bytes = utf8Encoder.encode(name);
		if (isAsciiOnly(bytes)) {
			this.push(T.symbol);
			this.long(bytes.length);
			this.pushBytes(bytes);
			return;
		}
		// w_symbol: a non-ASCII symbol carries its encoding as an ivar.
		this.push(T.ivar, T.symbol);
		this.long(bytes.length);
		this.pushBytes(bytes);
		this.long(1);
		this.symbol('E');
		this.push(T.true);
	}

	private stringBytes(bytes: Uint8Array): void {
		this.objectCount++;
		this.push(T.string);
		this.long(bytes.length);
		this.pushBytes(bytes);
	}

	private encodedString(bytes: Uint8Array, encoding: string): void {
		const upper = encoding.toUpperCase();
		if (upper === 'ASCII-8BIT' || upper === 'BINARY') {
			this.stringBytes(bytes);
			return;
		}
		this.push(T.ivar);
		this.stringBytes(bytes);
		this.long(1);
		if (upper === 'UTF-8' || upper === 'US-ASCII') {
			this.symbol('E');
			this.push(upper === 'UTF-8' ? T.true : T.false);
			return;
		}
		this.symbol('encoding');
		const seen = this.encodingNames.get(encoding);
		if (seen !== undefined) {
			this.push(T.link);
			this.long(seen);
			return;
		}
		this.encodingNames.set(encoding, this.objectCount);
		this.stringBytes(new TextEncoder().encode(encoding));
	}

	private integer(value: number | bigint): void {
		const big = BigInt(value);
		if (big >= -(2n ** 30n) && big < 2n ** 30n) {
			this.push(T.fixnum);
			this.long(Number(big));
			return;
		}
		this.objectCount++;
		this.push(T.bignum, big < 0n ? 0x2d : 0x2b);
		let magnitude = big < 0n ? -big : big;
		const bytes: number[] = [];
		while (magnitude > 0n) {
			bytes.push(Number(magnitude & 0xffn));
			magnitude >>= 8n;
		}
		if (bytes.length % 2 === 1) bytes.push(0);
		this.long(bytes.length / 2);
		this.push(...bytes);
	}

	private float(value: number): void {
		if (isFlonum(value)) {
			const key = Object.is(value, -0) ? '-0' : value;
			const seen = this.flonums.get(key);
			if (seen !== undefined) {
				this.push(T.link);
				this.long(seen);
				return;
			}
			this.flonums.set(key, this.objectCount);
		}
		this.objectCount++;
		const text = utf8Encoder.encode(formatRubyFloat(value));
		this.push(T.float);
		this.long(text.length);
		this.pushBytes(text);
	}

	private hashEntries(
		entries: Iterable<readonly [MarshalInput, MarshalInput]>,
		size: number,
		depth: number,
	): void {
		this.long(size);
		for (const [key, value] of entries) {
			this.value(key, depth + 1);
			this.value(value, depth + 1);
		}
	}

	value(value: MarshalInput, depth: number): void {
		if (depth > this.maxDepth)
			throw new MarshalError('too-deep', `nesting deeper than ${this.maxDepth} (a cycle?)`);
		if (value === null || value === undefined) {
			this.push(T.nil);
			return;
		}
		if (value === true) {
			this.push(T.true);
			return;
		}
		if (value === false) {
			this.push(T.false);
			return;
		}
		if (typeof value === 'bigint') {
			this.integer(value);
			return;
		}
		if (typeof value === 'number') {
			if (Number.isInteger(value) && !Object.is(value, -0)) {
				if (!Number.isSafeInteger(value)) {
					throw new MarshalError('bad-value', `integer ${value} is not exact in JS; pass a bigint`);
				}
				this.integer(value);
				return;
			}
			this.float(value);
			return;
		}
		if (typeof value === 'string') {
			this.encodedString(utf8Encoder.encode(value), 'UTF-8');
			return;
		}
		if (typeof value === 'symbol') {
			this.symbol(symbolName(value));
			return;
		}
		if (typeof value === 'object') {
			const index = this.seen.get(value);
			if (index !== undefined) {
				this.push(T.link);
				this.long(index);
				return;
			}
			// Flonums are values, not objects: float() links them by value.
			if (!(value instanceof RubyFloat && isFlonum(value.value))) this.seen.set(value, this.objectCount);
		}
		if (value instanceof Uint8Array) {
			this.stringBytes(value);
			return;
		}
		if (value instanceof RubyString) {
			this.encodedString(value.bytes, value.encoding);
			return;
		}
		if (value instanceof RubyFloat) {
			this.float(value.value);
			return;
		}
		if (value instanceof RubyRegexp) {
			const source = utf8Encoder.encode(value.source);
			this.objectCount++;
			this.push(T.ivar, T.regexp);
			this.long(source.length);
			this.pushBytes(source);
			this.push(value.options & 0xff);
			this.long(1);
			this.symbol('E');
			this.push(isAsciiOnly(source) ? T.false : T.true);
			return;
		}
		if (Array.isArray(value)) {
			this.objectCount++;
			this.push(T.array);
			this.long(value.length);
			for (const item of value) this.value(item, depth + 1);
			return;
		}
		if (value instanceof RubyHash) {
			this.objectCount++;
			this.push(T.hashDefault);
			this.hashEntries(value as Map<MarshalInput, MarshalInput>, value.size, depth);
			this.value(value.defaultValue, depth + 1);
			return;
		}
		if (value instanceof Map) {
			this.objectCount++;
			this.push(T.hash);
			this.hashEntries(value, value.size, depth);
			return;
		}
		if (value instanceof RubyObject)
			throw new MarshalError('unsupported', `cannot write a ${value.kind} object`);
		if (typeof value === 'object') {
			const entries = Object.entries(value).map(([k, v]) => [Symbol.for(k), v] as const);
			this.objectCount++;
			this.push(T.hash);
			this.hashEntries(entries, entries.length, depth);
			return;
		}
		throw new MarshalError('unsupported', `cannot marshal a ${typeof value}`);
	}
}

/** w_long's bytes for one integer (a String's length prefix, say). */
export function marshalLong(x: number): Uint8Array {
	const writer = new Writer(1);
	writer.long(x);
	return writer.result().subarray(2);
}

/** Marshal.dump for the values above; output is byte-identical to Ruby 3.1's for the same data. */
export function marshalDump(value: MarshalInput, options: {maxDepth?: number} = {}): Uint8Array {
	const writer = new Writer(options.maxDepth ?? DEFAULT_MAX_DEPTH);
	writer.value(value, 0);
	return writer.result();
}

// ---------------------------------------------------------------------------------------------
// Reading helpers

/** A Hash's value under Symbol `:name` (MCollective's envelope keys). */
export function symbolKey(hash: MarshalValue | undefined, name: string): MarshalValue | undefined {
	return hash instanceof Map ? hash.get(Symbol.for(name)) : undefined;
}

/** Text of any String-like value (UTF-8 string, binary bytes, RubyString); undefined otherwise. */
export function stringOf(value: MarshalValue | undefined): string | undefined {
	if (typeof value === 'string') return value;
	if (value instanceof Uint8Array) return new TextDecoder().decode(value);
	if (value instanceof RubyString) return value.toString();
	return undefined;
}

/** Integer value (number or bigint) or undefined. */
export function integerOf(value: MarshalValue | undefined): number | bigint | undefined {
	if (typeof value === 'number' && Number.isInteger(value)) return value;
	if (typeof value === 'bigint') return value;
	return undefined;
}

/**
 * Walks a value as a tree for display: counts every node (and string bytes / 64) against a budget,
 * so a DAG of shared links cannot expand to gigabytes, and marks a container that contains itself.
 */
class Expansion {
	private spent = 0;
	private readonly open = new Set<object>();
	constructor(private readonly budget: number) {}

	charge(value: MarshalValue): void {
		let cost = 1;
		if (typeof value === 'string') cost += value.length >> 6;
		else if (value instanceof Uint8Array) cost += value.length >> 6;
		else if (value instanceof RubyString) cost += value.bytes.length >> 6;
		else if (typeof value === 'bigint') cost += value.toString(16).length >> 6;
		this.spent += cost;
		if (this.spent > this.budget) {
			throw new MarshalError(
				'too-large',
				`value expands to more than ${this.budget} nodes (shared Marshal links); refusing to display it`,
			);
		}
	}

	/** Runs `walk` with `value` marked open; returns undefined when it is already open (a cycle). */
	enter<R>(value: object, walk: () => R): R | undefined {
		if (this.open.has(value)) return undefined;
		this.open.add(value);
		try {
			return walk();
		} finally {
			this.open.delete(value);
		}
	}
}

export type ExpandOptions = {readonly maxNodes?: number};

/**
 * JSON-friendly view (Symbols → names, Floats → numbers, bigints → strings, binary → text).
 * Throws MarshalError 'too-large' when the value expands past `maxNodes`.
 */
export function toPlain(value: MarshalValue, options: ExpandOptions = {}): unknown {
	return plain(value, 0, new Expansion(options.maxNodes ?? DEFAULT_MAX_EXPANDED));
}

function plain(value: MarshalValue, depth: number, budget: Expansion): unknown {
	if (depth > DEFAULT_MAX_DEPTH) return '[too deep]';
	budget.charge(value);
	if (
		value === null ||
		typeof value === 'boolean' ||
		typeof value === 'number' ||
		typeof value === 'string'
	) {
		return value;
	}
	if (typeof value === 'bigint') return value.toString();
	if (typeof value === 'symbol') return symbolName(value);
	if (value instanceof Uint8Array || value instanceof RubyString) return stringOf(value);
	if (value instanceof RubyFloat) return value.value;
	if (value instanceof RubyRegexp) return `/${value.source}/`;
	const walked = budget.enter(value, () => {
		if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1, budget));
		if (value instanceof Map) {
			const out: Record<string, unknown> = {};
			for (const [k, v] of value) out[String(plain(k, depth + 1, budget))] = plain(v, depth + 1, budget);
			return out;
		}
		if (value instanceof RubyObject) {
			const out: Record<string, unknown> = {};
			for (const [k, v] of value.fields)
				out[String(plain(k, depth + 1, budget))] = plain(v, depth + 1, budget);
			return {class: value.className, ...out};
		}
		return String(value);
	});
	return walked === undefined ? '[cycle]' : walked;
}

/**
 * Ruby-ish inspect for human output: `{:pong=>1700000001}`, `"foo"`, `nil`.
 * Throws MarshalError 'too-large' when the value expands past `maxNodes`.
 */
export function inspect(value: MarshalValue, options: ExpandOptions = {}): string {
	return inspectWalk(value, 0, new Expansion(options.maxNodes ?? DEFAULT_MAX_EXPANDED));
}

function inspectWalk(value: MarshalValue, depth: number, budget: Expansion): string {
	if (depth > DEFAULT_MAX_DEPTH) return '...';
	budget.charge(value);
	if (value === null) return 'nil';
	if (typeof value === 'boolean' || typeof value === 'number') return String(value);
	if (typeof value === 'bigint') return value.toString();
	if (typeof value === 'string') return JSON.stringify(value);
	if (typeof value === 'symbol') return `:${symbolName(value)}`;
	if (value instanceof Uint8Array || value instanceof RubyString) return JSON.stringify(stringOf(value));
	if (value instanceof RubyFloat) {
		const text = formatRubyFloat(value.value);
		return /[.en]/.test(text) ? text : `${text}.0`;
	}
	if (value instanceof RubyRegexp) return `/${value.source}/`;
	if (Array.isArray(value)) {
		return (
			budget.enter(value, () => `[${value.map((v) => inspectWalk(v, depth + 1, budget)).join(', ')}]`) ??
			'[...]'
		);
	}
	if (value instanceof Map) {
		return (
			budget.enter(
				value,
				() =>
					`{${[...value].map(([k, v]) => `${inspectWalk(k, depth + 1, budget)}=>${inspectWalk(v, depth + 1, budget)}`).join(', ')}}`,
			) ?? '{...}'
		);
	}
	if (value instanceof RubyObject) return `#<${value.className}>`;
	return String(value);
}
