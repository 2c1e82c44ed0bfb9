import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({});
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
;// CONCATENATED MODULE: ./.build/src/plan/types.js
// The resolved, validated description of what to run. Produced by src/config (vmtest.toml or
// one-liner) and src/action/inputs (action inputs); consumed by the QEMU argv builder, the
// engine and `--plan`. Every path here is absolute.
const ARCHES = ['x86_64', 'aarch64', 's390x', 'riscv64'];
// The allowed values of the run-wide choices, once: the CLI flags, the action inputs, `vmtest
// --help` and a test against action.yml's descriptions all read these lists.
const ACCEL_MODES = ['auto', 'kvm', 'tcg'];
/** Whether a kernel target boots through our generated initramfs (stock distro kernels). */
const INITRAMFS_MODES = ['auto', 'on', 'off'];
/** How the command's output is parsed for the summary. */
const TEST_OUTPUTS = ['none', 'tap', 'test_progs', 'auto'];
/** Where the test results are read: the command's output, the kernel console (KUnit's KTAP
 *  at boot), or auto (the console when it carries a KTAP header and the output has none). */
const TEST_OUTPUT_SOURCES = ['auto', 'output', 'console'];
/** How runner setup gets QEMU and its helpers (action input `install`). */
const INSTALL_MODES = (/* unused pure expression or super */ null && (['auto', 'apt', 'tool-cache', 'none']));
/** The /mnt/vmtest share: read-write (upstream), read-only, or not shared at all. */
const WORKSPACE_MOUNTS = ['rw', 'ro', 'off'];
/** `vm.network`: no NIC (upstream), or a virtio-net NIC on QEMU's user networking. */
const NETWORKS = ['none', 'user'];
/** `vm.shared_fs`: how the root and the shares reach a kernel target's guest: 9p (upstream),
 *  or virtiofs (a virtiofsd per share; much faster on file-heavy work). */
const SHARED_FSES = ['9p', 'virtiofs'];
/** Default cap of a per-target console.log / command.log: generous, yet a guest cannot fill
 *  the runner's disk. Past the cap the log says where it was cut. */
const DEFAULT_MAX_LOG_BYTES = 1024 ** 3;

;// CONCATENATED MODULE: ./.build/src/config/values.js
// The rules for values that come from outside and are later printed, fetched or handed to
// QEMU: plain text without control characters, http(s) URLs, SHA-256 digests, byte sizes.
// One home so the action inputs, the CLI flags and the downloader accept exactly the same
// things and say the same thing when they do not.
/** Thrown for a bad flag or input value; the message names it (`--accel`, `input 'cpus'`). */
class values_ValueError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ValueError';
    }
}
// C0 controls, DEL and C1 controls. A newline in a one-line value (a URL, a path) would
// start a new log line, which the Actions runner may read as a workflow command.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;
// The same, minus newline and tab, for values meant to span lines (a script, a list).
// eslint-disable-next-line no-control-regex
const CONTROL_MULTILINE = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\x00-\x1f\x7f-\x9f]/g;
const NAMED = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const SHOWN_MAX = 120;
/**
 * A value quoted for an error message: control characters written as escapes (`\n`,
 * `\x1b`), so the message stays one harmless line whatever the value holds, and long values
 * cut.
 */
function values_showValue(value) {
    const cut = value.length > SHOWN_MAX ? `${value.slice(0, SHOWN_MAX)}…` : value;
    const escaped = cut.replace(CONTROL_ALL, (c) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    return `'${escaped}'`;
}
/** The value unchanged, or a ValueError naming `what` when it holds a control character
 *  (newline and tab allowed when `multiline`). */
function plainText(value, what, multiline = false) {
    const m = (multiline ? CONTROL_MULTILINE : CONTROL).exec(value);
    if (m) {
        const at = values_showValue(m[0]).slice(1, -1);
        const allowed = multiline ? 'only newlines and tabs are allowed' : 'it must be one line of text';
        throw new values_ValueError(`invalid value ${values_showValue(value)} for ${what}: control character ${at} at offset ${m.index} (${allowed})`);
    }
    return value;
}
/** An absolute http:// or https:// URL, returned as given. */
function parseHttpUrl(value, what) {
    plainText(value, what);
    let url;
    try {
        url = new URL(value);
    }
    catch {
        url = undefined;
    }
    if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
        throw new values_ValueError(`invalid value ${values_showValue(value)} for ${what}: expected an http:// or https:// URL`);
    }
    return value;
}
const SHA256 = /^(?:sha256:)?([0-9a-f]{64})$/i;
/** A SHA-256 digest: 64 hex digits, either case, optionally prefixed `sha256:` (as
 *  registries print them). Returns the 64 digits in lower case. */
function parseSha256(value, what) {
    const m = SHA256.exec(value);
    if (!m)
        throw new values_ValueError(`invalid value ${values_showValue(value)} for ${what}: expected a SHA-256: 64 hex digits, optionally prefixed with sha256:`);
    return m[1].toLowerCase();
}
const SIZE = /^(\d+)([KMG]?)$/i;
const UNIT = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
/** A size in bytes > 0: a number, optionally with a K, M or G suffix (powers of 1024). */
function parseByteSize(value, what) {
    const m = SIZE.exec(value);
    const n = m ? Number(m[1]) * UNIT[m[2].toUpperCase()] : NaN;
    if (!(n > 0) || !Number.isSafeInteger(n)) {
        throw new values_ValueError(`invalid value ${values_showValue(value)} for ${what}: expected a size in bytes > 0, optionally with a K, M or G suffix (e.g. 512K, 100M, 2G)`);
    }
    return n;
}
/** The inverse of parseByteSize for round sizes: 1073741824 → `1G`. */
function formatByteSize(bytes) {
    for (const unit of ['G', 'M', 'K'])
        if (bytes % UNIT[unit] === 0)
            return `${bytes / UNIT[unit]}${unit}`;
    return String(bytes);
}

;// CONCATENATED MODULE: ./.build/src/config/lists.js
// Small parsers shared by CLI flags and action inputs, each failing with a message that names
// the flag / input and lists what is allowed.

function parseChoice(value, allowed, what) {
    if (allowed.includes(value))
        return value;
    throw new values_ValueError(`invalid value ${values_showValue(value)} for ${what}: expected one of ${allowed.join(', ')}`);
}
/** Seconds > 0, decimals allowed (`90`, `1.5`). */
function parsePositiveSeconds(value, what) {
    const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
    if (!(n > 0))
        throw new values_ValueError(`invalid value ${values_showValue(value)} for ${what}: expected a number of seconds > 0`);
    return n;
}
function parseIntInRange(value, min, max, what) {
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
        throw new ValueError(`invalid value ${showValue(value)} for ${what}: expected an integer ${min}..${max}`);
    }
    return n;
}
/** `N` (1..1024) or `auto`. */
function parseJobs(value, what) {
    if (value === 'auto')
        return 'auto';
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < 1 || n > 1024) {
        throw new values_ValueError(`invalid value ${values_showValue(value)} for ${what}: expected a number of parallel targets >= 1, or auto`);
    }
    return n;
}
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Environment variable names separated by commas, spaces or newlines. */
function parseEnvNames(value, what) {
    const names = value.split(/[\s,]+/).filter((s) => s !== '');
    const bad = names.filter((n) => !ENV_NAME.test(n));
    if (bad.length > 0) {
        throw new values_ValueError(`invalid environment variable name${bad.length > 1 ? 's' : ''} ${bad.map(values_showValue).join(', ')} in ${what}: expected letters, digits and _ (not starting with a digit)`);
    }
    return names;
}
/**
 * Split a string into words like a POSIX shell does, without any expansion: whitespace
 * (newlines included) separates words; '…' keeps everything literally; "…" keeps everything
 * but `\"`, `\\`, `\$` and `` \` `` which lose their backslash; outside quotes a backslash
 * keeps the next character literally. Used for `extra_args`, where QEMU options may contain
 * spaces (`-append "a b"`).
 */
function splitShellWords(text, what) {
    const words = [];
    let cur = '';
    let inWord = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === "'") {
            const end = text.indexOf("'", i + 1);
            if (end < 0)
                throw new ValueError(`unterminated ' quote in ${what}`);
            cur += text.slice(i + 1, end);
            inWord = true;
            i = end;
        }
        else if (c === '"') {
            inWord = true;
            let j = i + 1;
            for (; j < text.length && text[j] !== '"'; j++) {
                if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1]))
                    j++;
                cur += text[j];
            }
            if (j >= text.length)
                throw new ValueError(`unterminated " quote in ${what}`);
            i = j;
        }
        else if (c === '\\') {
            if (i + 1 < text.length) {
                // A backslash-newline joins lines, as in a shell.
                if (text[i + 1] !== '\n') {
                    cur += text[i + 1];
                    inWord = true;
                }
                i++;
            }
        }
        else if (/\s/.test(c)) {
            if (inWord)
                words.push(cur);
            cur = '';
            inWord = false;
        }
        else {
            cur += c;
            inWord = true;
        }
    }
    if (inWord)
        words.push(cur);
    return words;
}

;// CONCATENATED MODULE: ./node_modules/zod/v4/core/util.js

// functions
function assertEqual(val) {
    return val;
}
function assertNotEqual(val) {
    return val;
}
function toZod() {
    return (schema) => schema;
}
function assertIs(_arg) { }
function assertNever(_x) {
    throw new Error("Unexpected value in exhaustive check");
}
function assert(_) { }
function getEnumValues(entries) {
    const numericValues = Object.values(entries).filter((v) => typeof v === "number");
    const values = Object.entries(entries)
        .filter(([k, _]) => numericValues.indexOf(+k) === -1)
        .map(([_, v]) => v);
    return values;
}
function joinValues(array, separator = "|") {
    return array.map((val) => stringifyPrimitive(val)).join(separator);
}
function jsonStringifyReplacer(_, value) {
    if (typeof value === "bigint")
        return value.toString();
    return value;
}
// the accessor lives on a shared prototype: an own accessor makes every box a dictionary-mode object (~360 B and a slow load per read against ~100 B and an inlined getter here)
class Cached {
    constructor(getter) {
        this._getter = getter;
        this._value = undefined;
    }
    get value() {
        const getter = this._getter;
        if (getter !== undefined) {
            this._value = getter();
            this._getter = undefined;
        }
        return this._value;
    }
}
function cached(getter) {
    return new Cached(getter);
}
function nullish(input) {
    return input === null || input === undefined;
}
function cleanRegex(source) {
    const start = source.startsWith("^") ? 1 : 0;
    const end = source.endsWith("$") ? source.length - 1 : source.length;
    return source.slice(start, end);
}
function floatSafeRemainder(val, step) {
    const ratio = val / step;
    const roundedRatio = Math.round(ratio);
    // `val` and `step` each round to a double before the division rounds again, so a true decimal multiple's quotient can sit up to 1.5 of these scaled epsilons from the integer. A 1x tolerance therefore rejected 2.03 as a multiple of 0.07; 4x covers the worst case with margin.
    const tolerance = 4 * Number.EPSILON * Math.max(Math.abs(ratio), 1);
    if (Math.abs(ratio - roundedRatio) < tolerance)
        return 0;
    return ratio - roundedRatio;
}
const EVALUATING = /* @__PURE__*/ (/* unused pure expression or super */ null && (Symbol("evaluating")));
function defineLazy(object, key, getter) {
    let value = undefined;
    Object.defineProperty(object, key, {
        get() {
            if (value === EVALUATING) {
                // Circular reference detected, return undefined to break the cycle
                return undefined;
            }
            if (value === undefined) {
                value = EVALUATING;
                value = getter();
            }
            return value;
        },
        set(v) {
            Object.defineProperty(object, key, {
                value: v,
                // configurable: true,
            });
            // object[key] = v;
        },
        configurable: true,
    });
}
function objectClone(obj) {
    return Object.create(Object.getPrototypeOf(obj), Object.getOwnPropertyDescriptors(obj));
}
function util_assignProp(target, prop, value) {
    Object.defineProperty(target, prop, {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
    });
}
/**
 * Whichever object a def's `shape` currently answers from: the one the caller passed until the first read, the frozen copy after it.
 *
 * Its keys and descriptors read without invoking anything, which is what lets a discriminated union check its discriminator, and the cycle walk read a shape, without resolving a getter that references the schema being constructed. A def that answers `shape` from an accessor of its own has none.
 */
function rawShape(def) {
    const desc = Object.getOwnPropertyDescriptor(def, "shape");
    return desc?.get ? desc.get.raw : desc?.value;
}
// where a builder reads its source's keys and descriptors, resolving only a shape a def answers for itself. A shape resolves by object spread, so only its enumerable keys are ever part of it.
function sourceShape(schema) {
    return rawShape(schema._zod.def) ?? schema._zod.def.shape;
}
// a key whose value is not settled yet, self-caching so every read after the first gets the same one
function deferProp(target, key, getter) {
    Object.defineProperty(target, key, {
        get() {
            const value = getter();
            util_assignProp(this, key, value);
            return value;
        },
        enumerable: true,
        configurable: true,
    });
}
// Writes a settled key. A plain assignment is much cheaper than `defineProperty` and produces the same descriptor, but it runs whatever setter already answers to the key — an accessor this shape deferred, or an inherited one, which `__proto__` has on every object and prototype pollution can add for any name.
function putProp(target, key, value) {
    if (key in target)
        util_assignProp(target, key, value);
    else
        target[key] = value;
}
/**
 * Copies `keys` of `source`'s shape onto `target`, each value passed through `wrap`.
 *
 * A key the source has resolved is copied through now, so the derived shape states it outright and nothing has to resolve it to learn what it holds. A key the source still defers stays deferred, and reads back through the source's own `shape`, so it resolves once and both shapes get that one schema.
 */
function mirrorShape(target, source, keys, wrap) {
    const raw = sourceShape(source);
    for (const key of keys) {
        const desc = Object.getOwnPropertyDescriptor(raw, key);
        if (!desc.enumerable)
            continue;
        if (desc.get) {
            deferProp(target, key, () => {
                const value = source._zod.def.shape[key];
                return wrap ? wrap(value, key) : value;
            });
        }
        else
            putProp(target, key, wrap ? wrap(desc.value, key) : desc.value);
    }
}
// same, for a plain shape a caller passed rather than a schema's
function mirrorProps(target, source) {
    for (const key of Reflect.ownKeys(source)) {
        const desc = Object.getOwnPropertyDescriptor(source, key);
        if (!desc.enumerable)
            continue;
        if (desc.get)
            deferProp(target, key, () => source[key]);
        else
            putProp(target, key, desc.value);
    }
}
function mergeDefs(...defs) {
    const mergedDescriptors = {};
    for (const def of defs) {
        const descriptors = Object.getOwnPropertyDescriptors(def);
        Object.assign(mergedDescriptors, descriptors);
    }
    return Object.defineProperties({}, mergedDescriptors);
}
function cloneDef(schema) {
    return mergeDefs(schema._zod.def);
}
function getElementAtPath(obj, path) {
    if (!path)
        return obj;
    return path.reduce((acc, key) => acc?.[key], obj);
}
function promiseAllObject(promisesObj) {
    const keys = Object.keys(promisesObj);
    const promises = keys.map((key) => promisesObj[key]);
    return Promise.all(promises).then((results) => {
        const resolvedObj = {};
        for (let i = 0; i < keys.length; i++) {
            resolvedObj[keys[i]] = results[i];
        }
        return resolvedObj;
    });
}
function randomString(length = 10) {
    const chars = "abcdefghijklmnopqrstuvwxyz";
    let str = "";
    for (let i = 0; i < length; i++) {
        str += chars[Math.floor(Math.random() * chars.length)];
    }
    return str;
}
function esc(str) {
    return JSON.stringify(str);
}
function slugify(input) {
    return input
        .toLowerCase()
        .trim()
        .replace(/[^\w\s-]/g, "")
        .replace(/[\s_-]+/g, "-")
        .replace(/^-+|-+$/g, "");
}
const captureStackTrace = ("captureStackTrace" in Error ? Error.captureStackTrace : (..._args) => { });
function util_isObject(data) {
    return typeof data === "object" && data !== null && !Array.isArray(data);
}
const util_allowsEval = /* @__PURE__*/ cached(() => {
    // Skip the probe under `jitless`: strict CSPs report the caught `new Function` as a `securitypolicyviolation` even though the throw is swallowed.
    if (globalConfig.jitless) {
        return false;
    }
    // @ts-ignore
    if (typeof navigator !== "undefined" && navigator?.userAgent?.includes("Cloudflare")) {
        return false;
    }
    try {
        const F = Function;
        new F("");
        return true;
    }
    catch (_) {
        return false;
    }
});
function isPlainObject(o) {
    if (util_isObject(o) === false)
        return false;
    // modified constructor
    const ctor = o.constructor;
    if (ctor === undefined)
        return true;
    if (typeof ctor !== "function")
        return true;
    // modified prototype
    const prot = ctor.prototype;
    if (util_isObject(prot) === false)
        return false;
    // ctor doesn't have static `isPrototypeOf`
    if (Object.prototype.hasOwnProperty.call(prot, "isPrototypeOf") === false) {
        return false;
    }
    return true;
}
function shallowClone(o) {
    if (isPlainObject(o))
        return { ...o };
    if (Array.isArray(o))
        return [...o];
    if (o instanceof Map)
        return new Map(o);
    if (o instanceof Set)
        return new Set(o);
    return o;
}
function numKeys(data) {
    let keyCount = 0;
    for (const key in data) {
        if (Object.prototype.hasOwnProperty.call(data, key)) {
            keyCount++;
        }
    }
    return keyCount;
}
const getParsedType = (data) => {
    const t = typeof data;
    switch (t) {
        case "undefined":
            return "undefined";
        case "string":
            return "string";
        case "number":
            return Number.isNaN(data) ? "nan" : "number";
        case "boolean":
            return "boolean";
        case "function":
            return "function";
        case "bigint":
            return "bigint";
        case "symbol":
            return "symbol";
        case "object":
            if (Array.isArray(data)) {
                return "array";
            }
            if (data === null) {
                return "null";
            }
            if (data.then && typeof data.then === "function" && data.catch && typeof data.catch === "function") {
                return "promise";
            }
            if (typeof Map !== "undefined" && data instanceof Map) {
                return "map";
            }
            if (typeof Set !== "undefined" && data instanceof Set) {
                return "set";
            }
            if (typeof Date !== "undefined" && data instanceof Date) {
                return "date";
            }
            // @ts-ignore
            if (typeof File !== "undefined" && data instanceof File) {
                return "file";
            }
            return "object";
        default:
            throw new Error(`Unknown data type: ${t}`);
    }
};
const propertyKeyTypes = /* @__PURE__*/ new Set(["string", "number", "symbol"]);
const primitiveTypes = /* @__PURE__*/ new Set([
    "string",
    "number",
    "bigint",
    "boolean",
    "symbol",
    "undefined",
]);
function escapeRegex(str) {
    return str.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
// zod-specific utils
function clone(inst, def, params) {
    const cl = new inst._zod.constr(def ?? inst._zod.def);
    if (!def || params?.parent)
        cl._zod.parent = inst;
    return cl;
}
function normalizeParams(_params) {
    const params = _params;
    if (!params)
        return {};
    if (typeof params === "string")
        return { error: () => params };
    if (params?.message !== undefined) {
        if (params?.error !== undefined)
            throw new Error("Cannot specify both `message` and `error` params");
        params.error = params.message;
    }
    delete params.message;
    if (typeof params.error === "string")
        return { ...params, error: () => params.error };
    return params;
}
function createTransparentProxy(getter) {
    let target;
    return new Proxy({}, {
        get(_, prop, receiver) {
            target ?? (target = getter());
            return Reflect.get(target, prop, receiver);
        },
        set(_, prop, value, receiver) {
            target ?? (target = getter());
            return Reflect.set(target, prop, value, receiver);
        },
        has(_, prop) {
            target ?? (target = getter());
            return Reflect.has(target, prop);
        },
        deleteProperty(_, prop) {
            target ?? (target = getter());
            return Reflect.deleteProperty(target, prop);
        },
        ownKeys(_) {
            target ?? (target = getter());
            return Reflect.ownKeys(target);
        },
        getOwnPropertyDescriptor(_, prop) {
            target ?? (target = getter());
            return Reflect.getOwnPropertyDescriptor(target, prop);
        },
        defineProperty(_, prop, descriptor) {
            target ?? (target = getter());
            return Reflect.defineProperty(target, prop, descriptor);
        },
    });
}
function stringifyPrimitive(value) {
    if (typeof value === "bigint")
        return value.toString() + "n";
    if (typeof value === "string")
        return `"${value}"`;
    return `${value}`;
}
function optionalKeys(shape) {
    return Object.keys(shape).filter((k) => {
        return shape[k]._zod.optin !== undefined && shape[k]._zod.optout === "optional";
    });
}
// Wrapped in a `@__PURE__` IIFE: esbuild never tree-shakes a top-level initializer that contains a member access on `Number`, so the bare object literal survived into every bundle.
const NUMBER_FORMAT_RANGES = /*@__PURE__*/ (() => ({
    safeint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    int32: [-2147483648, 2147483647],
    uint32: [0, 4294967295],
    float32: [-3.4028234663852886e38, 3.4028234663852886e38],
    float64: [-Number.MAX_VALUE, Number.MAX_VALUE],
}))();
const BIGINT_FORMAT_RANGES = {
    int64: [/* @__PURE__*/ BigInt("-9223372036854775808"), /* @__PURE__*/ BigInt("9223372036854775807")],
    uint64: [/* @__PURE__*/ BigInt(0), /* @__PURE__*/ BigInt("18446744073709551615")],
};
function pick(schema, mask) {
    const currDef = schema._zod.def;
    const checks = currDef.checks;
    const hasChecks = checks && checks.length > 0;
    if (hasChecks) {
        throw new Error(".pick() cannot be used on object schemas containing refinements");
    }
    const newShape = {};
    mirrorShape(newShape, schema, maskedKeys(schema, mask));
    return clone(schema, mergeDefs(currDef, { shape: newShape, checks: [] }));
}
// the mask keys that select something, checked against the source's shape without resolving it
function maskedKeys(schema, mask) {
    const raw = sourceShape(schema);
    const keys = [];
    // `for...in` skips symbols, so a symbol in the mask would select nothing
    for (const key of Reflect.ownKeys(mask)) {
        if (!Object.getOwnPropertyDescriptor(raw, key)?.enumerable) {
            throw new Error(`Unrecognized key: "${String(key)}"`);
        }
        if (mask[key])
            keys.push(key);
    }
    return keys;
}
function omit(schema, mask) {
    const currDef = schema._zod.def;
    const checks = currDef.checks;
    const hasChecks = checks && checks.length > 0;
    if (hasChecks) {
        throw new Error(".omit() cannot be used on object schemas containing refinements");
    }
    const omitted = new Set(maskedKeys(schema, mask));
    const newShape = {};
    mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema)).filter((key) => !omitted.has(key)));
    return clone(schema, mergeDefs(currDef, { shape: newShape, checks: [] }));
}
function extend(schema, shape) {
    if (!isPlainObject(shape)) {
        throw new Error("Invalid input to extend: expected a plain object");
    }
    const checks = schema._zod.def.checks;
    const hasChecks = checks && checks.length > 0;
    if (hasChecks) {
        // Only throw if new shape overlaps with existing shape. Use getOwnPropertyDescriptor to check key existence without accessing values
        const existingShape = sourceShape(schema);
        for (const key of Reflect.ownKeys(shape)) {
            if (Object.getOwnPropertyDescriptor(existingShape, key) !== undefined) {
                throw new Error("Cannot overwrite keys on object schemas containing refinements. Use `.safeExtend()` instead.");
            }
        }
    }
    return clone(schema, mergeDefs(schema._zod.def, { shape: extended(schema, shape) }));
}
// the source's keys, then the caller's overlaid on top
function extended(schema, shape) {
    const newShape = {};
    mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema)));
    mirrorProps(newShape, shape);
    return newShape;
}
function safeExtend(schema, shape) {
    if (!isPlainObject(shape)) {
        throw new Error("Invalid input to safeExtend: expected a plain object");
    }
    return clone(schema, mergeDefs(schema._zod.def, { shape: extended(schema, shape) }));
}
function merge(a, b) {
    if (!b?._zod?.def) {
        throw new Error("Invalid input to merge: expected an object schema. To merge a plain shape, use `.extend()`.");
    }
    if (a._zod.def.checks?.length) {
        throw new Error(".merge() cannot be used on object schemas containing refinements. Use .safeExtend() instead.");
    }
    const newShape = {};
    mirrorShape(newShape, a, Reflect.ownKeys(sourceShape(a)));
    mirrorShape(newShape, b, Reflect.ownKeys(sourceShape(b)));
    const def = mergeDefs(a._zod.def, {
        shape: newShape,
        get catchall() {
            return b._zod.def.catchall;
        },
        checks: b._zod.def.checks ?? [],
    });
    return clone(a, def);
}
function partial(Class, schema, mask, name = "partial") {
    const currDef = schema._zod.def;
    const checks = currDef.checks;
    const hasChecks = checks && checks.length > 0;
    if (hasChecks) {
        throw new Error(`.${name}() cannot be used on object schemas containing refinements`);
    }
    const selected = mask ? new Set(maskedKeys(schema, mask)) : undefined;
    const newShape = {};
    mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema)), Class &&
        ((value, key) => (selected && !selected.has(key) ? value : new Class({ type: "optional", innerType: value }))));
    return clone(schema, mergeDefs(schema._zod.def, { shape: newShape, checks: [] }));
}
function required(Class, schema, mask) {
    const selected = mask ? new Set(maskedKeys(schema, mask)) : undefined;
    const newShape = {};
    mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema)), (value, key) => 
    // overwrite with non-optional
    selected && !selected.has(key) ? value : new Class({ type: "nonoptional", innerType: value }));
    return clone(schema, mergeDefs(schema._zod.def, { shape: newShape }));
}
// invalid_type | too_big | too_small | invalid_format | not_multiple_of | unrecognized_keys | invalid_union | invalid_key | invalid_element | invalid_value | custom
function aborted(x, startIndex = 0) {
    if (x.aborted === true)
        return true;
    for (let i = startIndex; i < x.issues.length; i++) {
        if (x.issues[i]?.continue !== true) {
            return true;
        }
    }
    return false;
}
// Checks for explicit abort (continue === false), as opposed to implicit abort (continue === undefined). Used to respect `abort: true` in .refine() even for checks that have a `when` function.
function explicitlyAborted(x, startIndex = 0) {
    if (x.aborted === true)
        return true;
    for (let i = startIndex; i < x.issues.length; i++) {
        if (x.issues[i]?.continue === false) {
            return true;
        }
    }
    return false;
}
function prefixIssues(path, issues) {
    return issues.map((iss) => {
        var _a;
        (_a = iss).path ?? (_a.path = []);
        iss.path.unshift(path);
        return iss;
    });
}
function unwrapMessage(message) {
    return typeof message === "string" ? message : message?.message;
}
/* A check holds no link back to the schema it is attached to — the same check instance is shared by every clone of that schema — so the owner is stamped onto the issues a check just raised, at the only point where both are in scope. Runs on the failure path only; `start` is the issue count from before the check ran. */
/** The leading size checks of `defChecks` that set an upper bound, each paired with it. */
function sizeCaps(defChecks) {
    const caps = [];
    for (const ch of defChecks ?? []) {
        const d = ch._zod.def;
        // a later check may rewrite the value
        if (!/_(length|size)$|_equals$/.test(d.check))
            break;
        const max = d.maximum ?? d.length ?? d.size;
        if (max >= 0)
            caps.push([max, ch]);
    }
    return caps;
}
function attachSchema(issues, start, inst) {
    var _a;
    for (let i = start; i < issues.length; i++) {
        (_a = issues[i]).schema ?? (_a.schema = inst);
    }
}
function finalizeIssue(iss, ctx, config) {
    var _a;
    // A schema that raised an issue itself owns it outright, and outranks any stamp an enclosing check left in `attachSchema`. String formats and z.custom() are schema and check at once, so when they act as a check they defer to that stamp instead.
    const traits = iss.inst?._zod?.traits;
    if (traits?.has("$ZodType")) {
        if (traits.has("$ZodCheck"))
            (_a = iss).schema ?? (_a.schema = iss.inst);
        else
            iss.schema = iss.inst;
    }
    // Decreasing specificity, first map to return a message wins. `inst` is whatever raised the issue, so a check's own map outranks the owning schema's.
    const schemaError = iss.schema !== iss.inst ? iss.schema?._zod.def?.error : undefined;
    const message = iss.message
        ? iss.message
        : (unwrapMessage(iss.inst?._zod.def?.error?.(iss)) ??
            unwrapMessage(schemaError?.(iss)) ??
            unwrapMessage(ctx?.error?.(iss)) ??
            unwrapMessage(config.customError?.(iss)) ??
            unwrapMessage(config.localeError?.(iss)) ??
            "Invalid input");
    // an explicit own-key copy beats object rest with excluded keys, which v8 routes through a generic runtime call; Object.keys rather than for-in so an issue pushed with a prototype does not leak inherited keys, and an own __proto__ key is dropped rather than assigned through the setter
    const full = {};
    for (const k of Object.keys(iss)) {
        if (k === "inst" || k === "schema" || k === "continue" || k === "input" || k === "__proto__")
            continue;
        full[k] = iss[k];
    }
    full.path ?? (full.path = []);
    full.message = message;
    if (ctx?.reportInput) {
        full.input = iss.input;
    }
    return full;
}
function getSizableOrigin(input) {
    if (input instanceof Set)
        return "set";
    if (input instanceof Map)
        return "map";
    // @ts-ignore
    if (input instanceof File)
        return "file";
    return "unknown";
}
const highSurrogate = /[\uD800-\uDBFF]/;
// Code points in `str`: a surrogate pair counts once, a lone surrogate as itself. Hand-rolled because the string iterator allocates and runs ~250x slower on this path; the regex probe exits ~50x quicker for a string with no astral characters.
function codePointLength(str) {
    const units = str.length;
    if (!highSurrogate.test(str))
        return units;
    let count = units;
    for (let i = 0; i < units - 1; i++) {
        if ((str.charCodeAt(i) & 0xfc00) === 0xd800 && (str.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
            count--;
            i++;
        }
    }
    return count;
}
function getLengthableOrigin(input) {
    if (Array.isArray(input))
        return "array";
    if (typeof input === "string")
        return "string";
    return "unknown";
}
function parsedType(data) {
    const t = typeof data;
    switch (t) {
        case "number": {
            return Number.isNaN(data) ? "nan" : "number";
        }
        case "object": {
            if (data === null) {
                return "null";
            }
            if (Array.isArray(data)) {
                return "array";
            }
            const obj = data;
            if (obj && Object.getPrototypeOf(obj) !== Object.prototype && "constructor" in obj && obj.constructor) {
                return obj.constructor.name;
            }
        }
    }
    return t;
}
function util_issue(...args) {
    const [iss, input, inst] = args;
    if (typeof iss === "string") {
        return {
            message: iss,
            code: "custom",
            input,
            inst,
        };
    }
    return { ...iss };
}
function cleanEnum(obj) {
    return Object.entries(obj)
        .filter(([k, _]) => {
        // return true if NaN, meaning it's not a number, thus a string key
        return Number.isNaN(Number.parseInt(k, 10));
    })
        .map((el) => el[1]);
}
// Codec utility functions
function base64ToUint8Array(base64) {
    const binaryString = atob(base64);
    const bytes = new Uint8Array(binaryString.length);
    for (let i = 0; i < binaryString.length; i++) {
        bytes[i] = binaryString.charCodeAt(i);
    }
    return bytes;
}
function uint8ArrayToBase64(bytes) {
    let binaryString = "";
    for (let i = 0; i < bytes.length; i++) {
        binaryString += String.fromCharCode(bytes[i]);
    }
    return btoa(binaryString);
}
function base64urlToUint8Array(base64url) {
    const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    const padding = "=".repeat((4 - (base64.length % 4)) % 4);
    return base64ToUint8Array(base64 + padding);
}
function uint8ArrayToBase64url(bytes) {
    return uint8ArrayToBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=/g, "");
}
function hexToUint8Array(hex) {
    const cleanHex = hex.replace(/^0x/, "");
    if (cleanHex.length % 2 !== 0) {
        throw new Error("Invalid hex string length");
    }
    const bytes = new Uint8Array(cleanHex.length / 2);
    for (let i = 0; i < cleanHex.length; i += 2) {
        bytes[i / 2] = Number.parseInt(cleanHex.slice(i, i + 2), 16);
    }
    return bytes;
}
function uint8ArrayToHex(bytes) {
    return Array.from(bytes)
        .map((b) => b.toString(16).padStart(2, "0"))
        .join("");
}
// instanceof
class Class {
    constructor(..._args) { }
}
//////////    PROTOTYPE INSTALLERS     //////////
//
// Members live on the prototype and materialize per instance on first read, which keeps own-property count under the step where V8 stops using inline slots. Changing anything here means re-measuring runtime, memory and bundle size together — see "The three axes" in AGENTS.md.
/**
 * Installs a trait's members on its prototype. Each value builds that member for the instance on first read; the built value shadows the accessor as an own property, so a detached `const { parse } = schema` keeps working.
 *
 * Call this from a `proto` initializer, which runs once per prototype — never per instance.
 */
function members(proto, table) {
    for (const key in table) {
        const desc = Object.getOwnPropertyDescriptor(table, key);
        // a getter installs as written, so it stays live: `description` reads through to the registry on every access. not enumerable: an object literal's is, and a prototype member never was
        if (desc.get)
            Object.defineProperty(proto, key, { ...desc, enumerable: false });
        // a method materializes bound on first read, which is what keeps a detached member working: `const opt = schema.optional; opt()`
        else
            defineBound(proto, key, desc.value);
    }
}
/** Shadows a prototype member with an own value, so a getter that builds from the instance runs once. */
function own(inst, key, value, enumerable = true) {
    Object.defineProperty(inst, key, { configurable: true, writable: true, enumerable, value });
    return value;
}
/** Like {@link own}, for a member that was never an own data property and has to stay out of `Object.keys`. */
function hide(inst, key, value) {
    return own(inst, key, value, false);
}
/** Adds members a table derives from the instance: each builds on first read and shadows as own data, and assignment shadows the same way, as when these were own properties. */
function derived(computes, table) {
    for (const key in computes) {
        const compute = computes[key];
        // an object literal's accessor is configurable and enumerable, and `members` copies the descriptor as written
        Object.defineProperty(table, key, {
            configurable: true,
            enumerable: true,
            get() {
                return own(this, key, compute(this));
            },
            set(value) {
                own(this, key, value);
            },
        });
    }
    return table;
}
function defineBound(proto, key, fn) {
    Object.defineProperty(proto, key, {
        configurable: true,
        get() {
            // vitest's spyOn calls a prototype getter bare to find the function it wraps, so a nullish receiver answers the raw method
            return this == null ? fn : own(this, key, fn.bind(this));
        },
        set(value) {
            own(this, key, value);
        },
    });
}
/** Returns the prototype to install on, or `undefined` if this group is already installed on it. */
function claim(inst, sentinel) {
    const proto = Object.getPrototypeOf(inst);
    // Runs on every construction, so `in` rather than the costlier `hasOwnProperty.call`. Sentinels are keys the group itself defines.
    return sentinel in proto ? undefined : proto;
}
// The internals whose init chain is installing. A second call for the same one is a derived constructor overriding its base, so it must not construct another schema in between or the override is dropped.
let installing;
// Set while a getter is running, so a value that resolved through a recursion break is not memoized. One shared descriptor shadows the key for the duration, which costs no per-key allocation.
let broke = false;
const breaker = {
    configurable: true,
    get() {
        broke = true;
        return undefined;
    },
};
/**
 * Installs a lazily-derived internal on the `_zod` prototype of `inst`'s
 * constructor, computed from the internals object itself and cached there on
 * first read. One accessor per constructor rather than one per instance.
 */
function defineLazyInternal(inst, key, compute) {
    const proto = Object.getPrototypeOf(inst._zod);
    if (key in proto && installing !== inst._zod) {
        // A repeat construction: everything is installed already. Cleared here so the reference is not held past the first construction of every type.
        installing = undefined;
        return;
    }
    installing = inst._zod;
    Object.defineProperty(proto, key, {
        configurable: true,
        get() {
            // Shadowed before computing so a re-entrant read from a recursive schema resolves to undefined instead of running the getter again.
            Object.defineProperty(this, key, breaker);
            const outer = broke;
            broke = false;
            try {
                const value = compute(this);
                // A result that resolved through a recursion break is recomputed once the graph is complete; everything else memoizes, undefined included.
                if (broke)
                    delete this[key];
                else
                    Object.defineProperty(this, key, { configurable: true, writable: true, value });
                broke = broke || outer;
                return value;
            }
            catch (err) {
                // A compute that threw memoizes nothing, so a later read runs it again and fails the same way. The shadow goes with it, since leaving it installed would answer undefined for every later read.
                delete this[key];
                broke = broke || outer;
                throw err;
            }
        },
        set(value) {
            Object.defineProperty(this, key, { configurable: true, writable: true, value });
        },
    });
}
/**
 * Installs `key` on `inst`'s prototype, computed by `make` on first read and cached there as an own
 * data property. One accessor per constructor rather than one per instance, because an own accessor
 * puts every instance after the first into v8 dictionary mode. The key doubles as the sentinel.
 */
function installLazyProp(inst, key, make, enumerable) {
    const proto = claim(inst, key);
    if (!proto)
        return;
    Object.defineProperty(proto, key, {
        configurable: true,
        get() {
            // Shadowed before computing, so a re-entrant read from a self-referential shape resolves to undefined instead of running the getter again. A data property rather than an accessor: an own accessor is the dictionary-mode transition this exists to avoid.
            const desc = { configurable: true, writable: true, enumerable, value: undefined };
            Object.defineProperty(this, key, desc);
            // a compute that throws leaves the shadow behind, so later reads answer undefined instead of re-throwing; `defineLazy` did the same, and `defineLazyInternal`'s delete-on-catch would cost bytes in every bundle for a case only a throwing user getter reaches
            desc.value = make(this);
            Object.defineProperty(this, key, desc);
            return desc.value;
        },
        set(value) {
            Object.defineProperty(this, key, { configurable: true, writable: true, enumerable, value });
        },
    });
}
/** Marks the thunk `_catch` synthesises for a constant catch value. `Function.length` cannot tell that thunk from a user callback — rest and defaulted parameters both report arity 0 — and a user callback reads `ctx.error`, whose issues only finalize correctly against the caller's per-parse error map. Provenance can say what arity cannot. A plain string key rather than `Symbol.for`, whose call at module scope no bundler can prove pure — the same shape that anchored `urlCanParse` into every build. */
const CONSTANT_CATCH = "~constantCatch";
/** Wraps a constant catch value in a thunk tagged with {@link CONSTANT_CATCH}. */
function constantCatch(value) {
    const fn = () => value;
    fn[CONSTANT_CATCH] = true;
    return fn;
}

;// CONCATENATED MODULE: ./node_modules/zod/v4/core/core.js
var _a;

/** A special constant with type `never` */
const NEVER = /*@__PURE__*/ Object.freeze({
    status: "aborted",
});
/* Shared descriptor for installing `_zod`; defineProperty reads it
 * synchronously, so reusing one object avoids a per-instance allocation. */
const _zodDesc = { value: undefined, enumerable: false };
// null where suppressing the capture would be unrecoverable: `parse()` puts the frames back with `captureStackTrace`, so without it the throw would lose its stack. also latched to null once `stackTraceLimit` proves unassignable, which a realm can do at any point by hardening Error
let _E = "captureStackTrace" in Error ? Error : null;
// v8 captures a stack trace inside the Error constructor, which dominates a failed parse; costs only the frames, and parse() restores those. the constructor must RUN: Object.create is cheaper and passes instanceof, but Error.isError and util.types.isNativeError check an internal slot
function newError(Definition) {
    const E = _E;
    if (E) {
        const saved = E.stackTraceLimit;
        if (typeof saved === "number") {
            try {
                E.stackTraceLimit = 0;
            }
            catch {
                _E = null;
                return new Definition();
            }
            try {
                return new Definition();
            }
            finally {
                E.stackTraceLimit = saved;
            }
        }
    }
    return new Definition();
}
function $constructor(name, initializer, 
/** This trait's members, installed once on every prototype that composes it. They cannot be declared in the initializer above: that runs per instance, and the prototype is shared. */
proto, params) {
    // Prototype for this constructor's `_zod` internals. Lazily-derived fields (`values`, `pattern`, `optin`, …) install here once rather than as an accessor on every instance.
    const zodProto = {};
    // Assigning the fields in the constructor body is what gives instances in-object slots; building the object literally and reparenting it costs a second allocation and a generic property copy.
    function Internals(def) {
        this.def = def;
        this.constr = _;
        this.traits = new Set();
    }
    Internals.prototype = zodProto;
    const protoMembers = proto;
    // One trait's members land on every prototype whose chain composes it, so the answer is per prototype rather than per trait.
    const initialized = protoMembers && new WeakSet();
    function init(inst, def) {
        if (!inst._zod) {
            _zodDesc.value = new Internals(def);
            try {
                Object.defineProperty(inst, "_zod", _zodDesc);
            }
            finally {
                // Cleared even on throw, so the shared descriptor never leaks one instance's internals into the next.
                _zodDesc.value = undefined;
            }
        }
        else if (inst._zod.traits.has(name)) {
            return;
        }
        inst._zod.traits.add(name);
        initializer(inst, def);
        if (initialized) {
            // `super(def)` from a user subclass gives `this` a prototype the subclass owns, and installing there would overwrite whatever the subclass declared. `constr` built the instance, so its prototype is the one below the subclass's that should carry the members. A receiver whose chain never reaches that prototype installs on its own, which for a plain object handed straight to `init` means `Object.prototype` — unchanged from before.
            const own = Object.getPrototypeOf(inst);
            const ctorProto = inst._zod.constr.prototype;
            let up = own;
            while (up && up !== ctorProto)
                up = Object.getPrototypeOf(up);
            const target = up ?? own;
            if (!initialized.has(target)) {
                initialized.add(target);
                members(target, protoMembers);
            }
        }
        // support prototype modifications; for-in avoids the array allocation of Object.keys on the (usually empty) prototype
        const proto = _.prototype;
        for (const k in proto) {
            if (!Object.prototype.hasOwnProperty.call(proto, k))
                continue;
            if (!(k in inst)) {
                inst[k] = proto[k].bind(inst);
            }
        }
    }
    // doesn't work if Parent has a constructor with arguments
    const Parent = params?.Parent ?? Object;
    class Definition extends Parent {
    }
    Object.defineProperty(Definition, "name", { value: name });
    function _(def) {
        const inst = params?.Parent ? newError(Definition) : this;
        init(inst, def);
        const deferred = inst._zod.deferred;
        if (deferred) {
            for (const fn of deferred) {
                fn();
            }
            // Released: initializers run once, and the list would otherwise be retained for the schema's lifetime.
            inst._zod.deferred = undefined;
        }
        // Global post-processor hook. Internal: installed by `import "zod/compile"` to enable AOT compilation for every constructed schema. Runs last, once the instance is fully built, because it hands the instance to compile(). The post-processor is expected to be reentrancy-guarded by its own implementation.
        const pp = globalThis.__zod_globalConfig?.postProcessor;
        if (pp)
            pp(inst);
        return inst;
    }
    Object.defineProperty(_, "init", { value: init });
    Object.defineProperty(_, Symbol.hasInstance, {
        value: (inst) => {
            if (params?.Parent && inst instanceof params.Parent)
                return true;
            return inst?._zod?.traits?.has(name);
        },
    });
    Object.defineProperty(_, "name", { value: name });
    return _;
}
//////////////////////////////   UTILITIES   ///////////////////////////////////////
const $brand = /*@__PURE__*/ (/* unused pure expression or super */ null && (Symbol("zod_brand")));
class $ZodAsyncError extends Error {
    constructor() {
        super(`Encountered Promise during synchronous parse. Use .parseAsync() instead.`);
    }
}
class $ZodEncodeError extends Error {
    constructor(name) {
        super(`Encountered unidirectional transform during encode: ${name}`);
        this.name = "ZodEncodeError";
    }
}
(_a = globalThis).__zod_globalConfig ?? (_a.__zod_globalConfig = {});
const globalConfig = globalThis.__zod_globalConfig;
function config(newConfig) {
    if (newConfig)
        Object.assign(globalConfig, newConfig);
    return globalConfig;
}

;// CONCATENATED MODULE: ./node_modules/zod/v4/core/memoizer.js

class $ZodCyclicError extends Error {
    constructor() {
        super(`Cannot parse a reference cycle that closes through a transform`);
        this.name = "ZodCyclicError";
    }
}
/** Keyed off the context object every schema in one parse call already shares. */
const STATE = "~memo";
const NO_ISSUES = [];
// a value a cycle can close through
function isRef(value) {
    return value !== null && typeof value === "object";
}
// Receivers prefix paths in place, so the cache and every hand-out need their own copies.
function cloneIssues(issues) {
    return issues.map((iss) => (iss.path ? { ...iss, path: iss.path.slice() } : { ...iss }));
}
const recursive = /*@__PURE__*/ new WeakMap();
/** What the walk established, in order of certainty: ordered so the strongest answer among children wins. */
const NONE = 0;
const ASSUMED = 1;
const PROVEN = 2;
/** Whether this schema's subtree contains a cycle, so one parse can re-enter it. */
function isRecursive(inst, stack, resolve) {
    const cached = recursive.get(inst);
    if (cached !== undefined)
        return cached ? PROVEN : NONE;
    // Relative to the walk in progress, so not cached.
    if (stack.has(inst))
        return PROVEN;
    stack.add(inst);
    let result = NONE;
    const check = (child) => {
        if (result !== PROVEN && child?._zod) {
            const answer = isRecursive(child, stack, resolve);
            if (answer > result)
                result = answer;
        }
    };
    // `Reflect.ownKeys` rather than `Object.keys`, so a cycle through a declared symbol key is still seen
    const shape = (sh, spread) => {
        let answer = NONE;
        for (const key of Reflect.ownKeys(sh)) {
            const desc = Object.getOwnPropertyDescriptor(sh, key);
            // an object resolves its shape by spread, so a key it does not enumerate is never parsed; `z.properties` reads every own key and so keeps them all
            if (spread && !desc.enumerable)
                continue;
            // resolving runs user code, and a factory mints a fresh subtree per read, so an edge the walk can't follow counts as a cycle
            const child = desc.get ? ASSUMED : desc.value?._zod ? isRecursive(desc.value, stack, resolve) : NONE;
            if (child > answer)
                answer = child;
        }
        return answer;
    };
    const merge = (answer) => {
        if (answer > result)
            result = answer;
    };
    const def = inst._zod.def;
    const kind = def.type;
    switch (kind) {
        case "object": {
            const raw = rawShape(def);
            // a def with no raw shape answers `shape` from an accessor of its own, and running that can mint a whole fresh subtree
            merge(raw ? shape(raw, true) : ASSUMED);
            check(def.catchall);
            break;
        }
        case "array":
            check(def.element);
            break;
        case "tuple":
            for (const el of def.items)
                check(el);
            check(def.rest);
            break;
        case "record":
        case "map":
            check(def.keyType);
            check(def.valueType);
            break;
        case "set":
            check(def.valueType);
            break;
        case "union":
            for (const el of def.options)
                check(el);
            break;
        case "intersection":
            check(def.left);
            check(def.right);
            break;
        case "optional":
        case "nullable":
        case "default":
        case "prefault":
        case "catch":
        case "readonly":
        case "nonoptional":
        case "promise":
        case "success":
            check(def.innerType);
            break;
        case "pipe":
            check(def.in);
            check(def.out);
            break;
        case "function":
            check(def.input);
            check(def.output);
            break;
        // `$ZodLazy` caches its inner on the def, so a resolved edge is followed exactly
        case "lazy": {
            const inner = def._cachedInner ?? (resolve ? inst._zod.innerType : undefined);
            // walked with resolution off: one hop sees past the deferral, and a lazy that yields only another unresolved lazy is generative, so it stops there
            merge(inner ? isRecursive(inner, stack, false) : ASSUMED);
            break;
        }
        // a leaf by choice: `parts` are regex fragments, not data positions
        case "template_literal":
        // leaves
        case "string":
        case "number":
        case "int":
        case "boolean":
        case "bigint":
        case "symbol":
        case "undefined":
        case "null":
        case "void":
        case "never":
        case "any":
        case "unknown":
        case "date":
        case "nan":
        case "enum":
        case "literal":
        case "file":
        case "transform":
        case "custom":
            break;
        default: {
            // a new built-in kind becomes a compile error here
            kind;
            // a user-defined kind can still hold children, and only its author knows where, so fall back to scanning the def — skipping accessors, since reading one can run user code
            for (const key in def) {
                const desc = Object.getOwnPropertyDescriptor(def, key);
                if (!desc || desc.get)
                    continue;
                const value = desc.value;
                if (!value || typeof value !== "object")
                    continue;
                if (value._zod)
                    check(value);
                else if (Array.isArray(value))
                    for (const el of value)
                        check(el);
            }
        }
    }
    stack.delete(inst);
    return settle(inst, result);
}
/** An assumed answer must not outlive the resolution that settles it, so only a certain one is cached. */
function settle(inst, answer) {
    if (answer !== ASSUMED)
        recursive.set(inst, answer === PROVEN);
    return answer;
}
/**
 * Whether one parse can re-enter this schema, i.e. its subtree contains a cycle.
 * Exported for `z.compile`, which refuses to compile such a schema: cycle
 * breaking is driven from here off state keyed on the parse context, and a
 * generated fast path has no context to key on.
 */
function isRecursiveSchema(inst) {
    // z.compile never parses, so nothing would ever resolve a lazy for it; it runs once and already treats a throw here as recursive
    return isRecursive(inst, new Set(), true) !== NONE;
}
function bucketFor(state, inst) {
    let bucket = state.buckets.get(inst);
    if (!bucket) {
        bucket = new WeakMap();
        state.buckets.set(inst, bucket);
    }
    return bucket;
}
// Set immediately before delegating to core and cleared immediately after, so `alloc` registers only for a visit this module is driving.
let handoff;
// Allocated but unfinished entries. `alloc` and the matching pop both happen in the synchronous part of a parse, so they nest even when children are async, and one stack serves every schema.
const memoizer_open = [];
const memo = {
    alloc(_inst, payload, empty) {
        const bucket = handoff;
        if (!bucket)
            return empty;
        handoff = undefined;
        const entry = { value: empty, issues: null };
        bucket.set(payload.value, entry);
        memoizer_open.push(entry);
        return empty;
    },
    guard(inst) {
        var _a;
        (_a = inst._zod).deferred ?? (_a.deferred = []);
        inst._zod.deferred.push(() => {
            const base = inst._zod.parse;
            const wrapped = (payload, ctx) => {
                // The value is a placeholder a back-edge is still waiting on, so the cycle closes through this transform. Its output can't exist in time to bind.
                if (ctx.direction !== "backward" && isBackEdge(ctx, payload.value))
                    throw new $ZodCyclicError();
                return base(payload, ctx);
            };
            inst._zod.parse = wrapped;
            if (inst._zod.run === base)
                inst._zod.run = wrapped;
        });
    },
    attach(inst) {
        var _a;
        let isRecursiveInst;
        let rechecked = false;
        // a recursive schema is re-entered many times per parse and its bucket never changes
        let lastCtx;
        let lastBucket;
        // Wraps `parse` in a deferred so it sees the container's final parse. Core's own deferred copies `parse` into `run` when there are no checks, and it ran first, so `run` is patched to match; with checks, `run` reads `parse` dynamically.
        (_a = inst._zod).deferred ?? (_a.deferred = []);
        inst._zod.deferred.push(() => {
            const base = inst._zod.parse;
            const wrapped = (payload, ctx) => {
                if (isRecursiveInst === undefined) {
                    const walked = isRecursive(inst, new Set(), false);
                    if (walked === NONE) {
                        // Nothing here can ever fire, so take it back out.
                        inst._zod.parse = base;
                        if (inst._zod.run === wrapped)
                            inst._zod.run = base;
                        return base(payload, ctx);
                    }
                    // this parse resolves the deferred edges on its own path, so ask once more before latching
                    if (walked === PROVEN || rechecked)
                        isRecursiveInst = true;
                    else
                        rechecked = true;
                }
                const input = payload.value;
                if (!isRef(input))
                    return base(payload, ctx);
                let state = ctx[STATE];
                if (!state) {
                    state = { buckets: new WeakMap(), backEdges: undefined };
                    ctx[STATE] = state;
                }
                let bucket;
                if (lastCtx === ctx) {
                    bucket = lastBucket;
                }
                else {
                    bucket = bucketFor(state, inst);
                    lastCtx = ctx;
                    lastBucket = bucket;
                }
                const hit = bucket.get(input);
                if (hit) {
                    payload.value = hit.value;
                    if (hit.issues) {
                        if (hit.issues.length)
                            payload.issues.push(...cloneIssues(hit.issues));
                    }
                    else {
                        // Still being parsed: its own checks cover it, so skip them here.
                        payload.memo = true;
                        state.backEdges ?? (state.backEdges = new WeakSet());
                        state.backEdges.add(hit.value);
                    }
                    return payload;
                }
                handoff = bucket;
                const depth = memoizer_open.length;
                const result = base(payload, ctx);
                handoff = undefined;
                // A container that rejected its input outright allocated nothing.
                const entry = memoizer_open.length > depth ? memoizer_open.pop() : undefined;
                // Both paths written out so the sync one allocates no closure. It runs once per node, and capturing here cost more than everything else combined.
                if (result instanceof Promise) {
                    return result.then((r) => {
                        if (entry)
                            entry.issues = r.issues.length ? cloneIssues(r.issues) : NO_ISSUES;
                        return r;
                    });
                }
                if (entry)
                    entry.issues = result.issues.length ? cloneIssues(result.issues) : NO_ISSUES;
                return result;
            };
            inst._zod.parse = wrapped;
            if (inst._zod.run === base)
                inst._zod.run = wrapped;
        });
    },
};
/** The memoizer that gives containers cycle support. `zod` installs it by default; `zod/mini` opts in with `config({ memoizer: memoizer() })`. */
function memoizer() {
    return memo;
}
/** Whether this value is a node a back-edge resolved to before it finished. */
function isBackEdge(ctx, value) {
    const backEdges = ctx[STATE]?.backEdges;
    return backEdges !== undefined && isRef(value) && backEdges.has(value);
}

;// CONCATENATED MODULE: ./node_modules/zod/v4/core/regexes.js

/**
 * @deprecated CUID v1 is deprecated by its authors due to information leakage
 * (timestamps embedded in the id). Use {@link cuid2} instead.
 * See https://github.com/paralleldrive/cuid.
 */
const cuid = /^[cC][0-9a-z]{6,}$/;
const cuid2 = /^[0-9a-z]+$/;
const ulid = /^[0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25}$/;
const xid = /^[0-9a-vA-V]{20}$/;
const ksuid = /^[A-Za-z0-9]{27}$/;
const nanoid = /^[a-zA-Z0-9_-]{21}$/;
function nanoidOfLength(length) {
    return new RegExp(`^[a-zA-Z0-9_-]{${length}}$`);
}
/** ISO 8601-1 duration regex. Does not support the 8601-2 extensions like negative durations or fractional/negative components. */
const duration = /^P(?:(\d+W)|(?!.*W)(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+([.,]\d+)?S)?)?)$/;
/** Implements ISO 8601-2 extensions like explicit +- prefixes, mixing weeks with other units, and fractional/negative components. */
const extendedDuration = /^[-+]?P(?!$)(?:(?:[-+]?\d+Y)|(?:[-+]?\d+[.,]\d+Y$))?(?:(?:[-+]?\d+M)|(?:[-+]?\d+[.,]\d+M$))?(?:(?:[-+]?\d+W)|(?:[-+]?\d+[.,]\d+W$))?(?:(?:[-+]?\d+D)|(?:[-+]?\d+[.,]\d+D$))?(?:T(?=[\d+-])(?:(?:[-+]?\d+H)|(?:[-+]?\d+[.,]\d+H$))?(?:(?:[-+]?\d+M)|(?:[-+]?\d+[.,]\d+M$))?(?:[-+]?\d+(?:[.,]\d+)?S)?)??$/;
/** A regex for any UUID-like identifier: 8-4-4-4-12 hex pattern */
const guid = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;
/** Returns a regex for validating an RFC 9562/4122 UUID.
 *
 * @param version Optionally specify a version 1-8. If no version is specified, all versions are supported. */
const uuid = (version) => {
    if (!version)
        return /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;
    return new RegExp(`^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-${version}[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12})$`);
};
const uuid4 = /*@__PURE__*/ (/* unused pure expression or super */ null && (uuid(4)));
const uuid6 = /*@__PURE__*/ (/* unused pure expression or super */ null && (uuid(6)));
const uuid7 = /*@__PURE__*/ (/* unused pure expression or super */ null && (uuid(7)));
/** Practical email validation */
const email = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;
/** Equivalent to the HTML5 input[type=email] validation implemented by browsers. Source: https://developer.mozilla.org/en-US/docs/Web/HTML/Element/input/email */
const html5Email = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
/** The classic emailregex.com regex for RFC 5322-compliant emails */
const rfc5322Email = /^(([^<>()\[\]\\.,;:\s@"]+(\.[^<>()\[\]\\.,;:\s@"]+)*)|(".+"))@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}])|(([a-zA-Z\-0-9]+\.)+[a-zA-Z]{2,}))$/;
/** A loose regex that allows Unicode characters, enforces length limits, and that's about it. */
const unicodeEmail = /^[^\s@"]{1,64}@[^\s@]{1,255}$/u;
const idnEmail = (/* unused pure expression or super */ null && (unicodeEmail));
const browserEmail = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
// from https://thekevinscott.com/emojis-in-javascript/#writing-a-regular-expression
// Single character class, not an alternation: the two properties overlap (U+1F9B0-U+1F9B3), so `(A|B)+` backtracks exponentially on a failed match. The leading lookahead then demands one anchor — a pictograph, a regional indicator, or the enclosing keycap — because `\p{Emoji_Component}` on its own covers ASCII digits, `#`, `*`, ZWJ, variation selectors and skin tone modifiers, none of which is an emoji without a base.
const _emoji = `^(?=[\\s\\S]*[\\p{Extended_Pictographic}\\p{Regional_Indicator}\\u20E3])[\\p{Extended_Pictographic}\\p{Emoji_Component}]+$`;
function emoji() {
    return new RegExp(_emoji, "u");
}
const ipv4 = /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])$/;
const ipv6 = /^(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:((:[0-9a-fA-F]{1,4}){1,6})|:((:[0-9a-fA-F]{1,4}){1,7}|:))$/;
const mac = (delimiter) => {
    const escapedDelim = util.escapeRegex(delimiter ?? ":");
    return new RegExp(`^(?:[0-9A-F]{2}${escapedDelim}){5}[0-9A-F]{2}$|^(?:[0-9a-f]{2}${escapedDelim}){5}[0-9a-f]{2}$`);
};
const cidrv4 = /^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\/([0-9]|[1-2][0-9]|3[0-2])$/;
const cidrv6 = /^(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:((:[0-9a-fA-F]{1,4}){1,6})|:((:[0-9a-fA-F]{1,4}){1,7}|:))\/(12[0-8]|1[01][0-9]|[1-9]?[0-9])$/;
// https://stackoverflow.com/questions/7860392/determine-if-string-is-in-base64-using-javascript
const base64 = /^$|^(?:[0-9a-zA-Z+/]{4})*(?:(?:[0-9a-zA-Z+/]{2}==)|(?:[0-9a-zA-Z+/]{3}=))?$/;
const base64url = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$/;
// based on https://stackoverflow.com/questions/106179/regular-expression-to-match-dns-hostname-or-ip-address
// export const hostname: RegExp = /^([a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+$/;
const hostname = /^(?=.{1,253}\.?$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[-0-9a-zA-Z]{0,61}[0-9a-zA-Z])?)*\.?$/;
const domain = /^(?=.{1,253}$)([a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$/;
const httpProtocol = /^https?$/;
// https://blog.stevenlevithan.com/archives/validate-phone-number#r4-3 (regex sans spaces) E.164: leading digit must be 1-9; total digits (excluding '+') between 7-15
const e164 = /^\+[1-9]\d{6,14}$/;
// Credit card shape: 12–19 digits, optionally separated by single spaces or single hyphens. ISO/IEC 7812 caps the PAN at 19 digits; 12 is the shortest issued length (Maestro).
const creditCard = /^\d(?:[ -]?\d){11,18}$/;
// ISO 4217 alpha codes from the SIX list, regenerated by scripts/update-iso-4217.ts
const currencyCode = /^(?:AED|AFN|ALL|AMD|AOA|ARS|AUD|AWG|AZN|BAM|BBD|BDT|BHD|BIF|BMD|BND|BOB|BOV|BRL|BSD|BTN|BWP|BYN|BZD|CAD|CDF|CHE|CHF|CHW|CLF|CLP|CNY|COP|COU|CRC|CUP|CVE|CZK|DJF|DKK|DOP|DZD|EGP|ERN|ETB|EUR|FJD|FKP|GBP|GEL|GHS|GIP|GMD|GNF|GTQ|GYD|HKD|HNL|HTG|HUF|IDR|ILS|INR|IQD|IRR|ISK|JMD|JOD|JPY|KES|KGS|KHR|KMF|KPW|KRW|KWD|KYD|KZT|LAK|LBP|LKR|LRD|LSL|LYD|MAD|MDL|MGA|MKD|MMK|MNT|MOP|MRU|MUR|MVR|MWK|MXN|MXV|MYR|MZN|NAD|NGN|NIO|NOK|NPR|NZD|OMR|PAB|PEN|PGK|PHP|PKR|PLN|PYG|QAR|RON|RSD|RUB|RWF|SAR|SBD|SCR|SDG|SEK|SGD|SHP|SLE|SOS|SRD|SSP|STN|SVC|SYP|SZL|THB|TJS|TMT|TND|TOP|TRY|TTD|TWD|TZS|UAH|UGX|USD|USN|UYI|UYU|UYW|UZS|VED|VES|VND|VUV|WST|XAD|XAF|XAG|XAU|XBA|XBB|XBC|XBD|XCD|XCG|XDR|XOF|XPD|XPF|XPT|XSU|XTS|XUA|XXX|YER|ZAR|ZMW|ZWG)$/;
// iban electronic format: 2-letter country, check digits 02-98 (the only values `98 - remainder` can produce), 11-30 bban characters
const iban = /^[A-Z]{2}(?!00|01|99)\d{2}[A-Z0-9]{11,30}$/;
const dateSource = `(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))`;
/** Anchors a pattern source. The interpolation lives here rather than at the call site because
 * esbuild will not drop a `@__PURE__` call whose own argument interpolates a variable, but it
 * will drop `anchor(dateSource)`. Keeping it inline pinned `date` into every bundle. */
function regexes_anchor(source) {
    return new RegExp(`^${source}$`);
}
const date = /*@__PURE__*/ regexes_anchor(dateSource);
function timeSource(args) {
    const hhmm = `(?:[01]\\d|2[0-3]):[0-5]\\d`;
    const regex = typeof args.precision === "number"
        ? args.precision === -1
            ? `${hhmm}`
            : args.precision === 0
                ? `${hhmm}:[0-5]\\d`
                : `${hhmm}:[0-5]\\d\\.\\d{${args.precision}}`
        : args.seconds
            ? `${hhmm}:[0-5]\\d(?:\\.\\d+)?`
            : `${hhmm}(?::[0-5]\\d(?:\\.\\d+)?)?`;
    return regex;
}
function time(args) {
    return new RegExp(`^${timeSource(args)}$`);
}
// Adapted from https://stackoverflow.com/a/3143231
function datetime(args) {
    const opts = ["Z"];
    // if (args.offset) opts.push(`([+-]\\d{2}:\\d{2})`);
    if (args.offset)
        opts.push(`([+-](?:[01]\\d|2[0-3]):[0-5]\\d)`);
    // RFC 3339 mandates seconds wherever the time carries a `Z` or an offset, so only the unqualified form `local` adds may omit them
    const qualified = `${timeSource({ precision: args.precision, seconds: true })}(?:${opts.join("|")})`;
    const timeRegex = args.local ? `${qualified}|${timeSource({ precision: args.precision })}` : qualified;
    return new RegExp(`^${dateSource}T(?:${timeRegex})$`);
}
// the unbounded form of `string()` as a literal, so every plain string shares one instance instead of building its own
const anyString = /^[\s\S]{0,}$/;
const string = (params) => {
    const regex = params ? `[\\s\\S]{${params?.minimum ?? 0},${params?.maximum ?? ""}}` : `[\\s\\S]*`;
    return new RegExp(`^${regex}$`);
};
const bigint = /^-?\d+n?$/;
const integer = /^-?\d+$/;
const number = /^-?\d+(?:\.\d+)?$/;
const regexes_boolean = /^(?:true|false)$/i;
const _null = /^null$/i;

const _undefined = /^undefined$/i;

// regex for string with no uppercase letters
const lowercase = /^[^A-Z]*$/;
// regex for string with no lowercase letters
const uppercase = /^[^a-z]*$/;
// regex for hexadecimal strings (any length)
const hex = /^[0-9a-fA-F]*$/;
// Hash regexes for different algorithms and encodings
// Helper function to create base64 regex with exact length and padding
function fixedBase64(bodyLength, padding) {
    return new RegExp(`^[A-Za-z0-9+/]{${bodyLength}}${padding}$`);
}
// Helper function to create base64url regex with exact length (no padding)
function fixedBase64url(length) {
    return new RegExp(`^[A-Za-z0-9_-]{${length}}$`);
}
// MD5 (16 bytes): base64 = 24 chars total (22 + "==")
const md5_hex = /^[0-9a-fA-F]{32}$/;
const md5_base64 = /*@__PURE__*/ (/* unused pure expression or super */ null && (fixedBase64(22, "==")));
const md5_base64url = /*@__PURE__*/ (/* unused pure expression or super */ null && (fixedBase64url(22)));
// SHA1 (20 bytes): base64 = 28 chars total (27 + "=")
const sha1_hex = /^[0-9a-fA-F]{40}$/;
const sha1_base64 = /*@__PURE__*/ (/* unused pure expression or super */ null && (fixedBase64(27, "=")));
const sha1_base64url = /*@__PURE__*/ (/* unused pure expression or super */ null && (fixedBase64url(27)));
// SHA256 (32 bytes): base64 = 44 chars total (43 + "=")
const sha256_hex = /^[0-9a-fA-F]{64}$/;
const sha256_base64 = /*@__PURE__*/ (/* unused pure expression or super */ null && (fixedBase64(43, "=")));
const sha256_base64url = /*@__PURE__*/ (/* unused pure expression or super */ null && (fixedBase64url(43)));
// SHA384 (48 bytes): base64 = 64 chars total (no padding)
const sha384_hex = /^[0-9a-fA-F]{96}$/;
const sha384_base64 = /*@__PURE__*/ (/* unused pure expression or super */ null && (fixedBase64(64, "")));
const sha384_base64url = /*@__PURE__*/ (/* unused pure expression or super */ null && (fixedBase64url(64)));
// SHA512 (64 bytes): base64 = 88 chars total (86 + "==")
const sha512_hex = /^[0-9a-fA-F]{128}$/;
const sha512_base64 = /*@__PURE__*/ (/* unused pure expression or super */ null && (fixedBase64(86, "==")));
const sha512_base64url = /*@__PURE__*/ (/* unused pure expression or super */ null && (fixedBase64url(86)));

;// CONCATENATED MODULE: ./node_modules/zod/v4/core/checks.js
// import { $ZodType } from "./schemas.js";



const $ZodCheck = /*@__PURE__*/ $constructor("$ZodCheck", (inst, def) => {
    var _a;
    inst._zod ?? (inst._zod = {});
    inst._zod.def = def;
    (_a = inst._zod).onattach ?? (_a.onattach = []);
});
/** Default `when` for size-based checks: run only on non-nullish values with a `size`. */
const _whenHasSize = (payload) => {
    const val = payload.value;
    return !util.nullish(val) && val.size !== undefined;
};
/** Default `when` for length-based checks: run only on non-nullish values with a `length`. */
const _whenHasLength = (payload) => {
    const val = payload.value;
    return !nullish(val) && val.length !== undefined;
};
const numericOriginMap = {
    number: "number",
    bigint: "bigint",
    object: "date",
};
const $ZodCheckLessThan = /*@__PURE__*/ $constructor("$ZodCheckLessThan", (inst, def) => {
    $ZodCheck.init(inst, def);
    const origin = numericOriginMap[typeof def.value];
    inst._zod.check = (payload) => {
        if (def.inclusive ? payload.value <= def.value : payload.value < def.value) {
            return;
        }
        payload.issues.push({
            origin: numericOriginMap[typeof payload.value] ?? origin,
            code: "too_big",
            maximum: typeof def.value === "object" ? def.value.getTime() : def.value,
            input: payload.value,
            inclusive: def.inclusive,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckGreaterThan = /*@__PURE__*/ $constructor("$ZodCheckGreaterThan", (inst, def) => {
    $ZodCheck.init(inst, def);
    const origin = numericOriginMap[typeof def.value];
    inst._zod.check = (payload) => {
        if (def.inclusive ? payload.value >= def.value : payload.value > def.value) {
            return;
        }
        payload.issues.push({
            origin: numericOriginMap[typeof payload.value] ?? origin,
            code: "too_small",
            minimum: typeof def.value === "object" ? def.value.getTime() : def.value,
            input: payload.value,
            inclusive: def.inclusive,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckMultipleOf = 
/*@__PURE__*/ $constructor("$ZodCheckMultipleOf", (inst, def) => {
    $ZodCheck.init(inst, def);
    inst._zod.check = (payload) => {
        if (typeof payload.value !== typeof def.value)
            throw new Error("Cannot mix number and bigint in multiple_of check.");
        const isMultiple = typeof payload.value === "bigint"
            ? // `value % 0n` throws, and nothing is a multiple of zero — the number branch already fails this way via NaN
                def.value !== BigInt(0) && payload.value % def.value === BigInt(0)
            : floatSafeRemainder(payload.value, def.value) === 0;
        if (isMultiple)
            return;
        payload.issues.push({
            origin: typeof payload.value,
            code: "not_multiple_of",
            divisor: def.value,
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckNumberFormat = /*@__PURE__*/ $constructor("$ZodCheckNumberFormat", (inst, def) => {
    $ZodCheck.init(inst, def); // no format checks
    def.format = def.format || "float64";
    const isInt = def.format?.includes("int");
    const origin = isInt ? "int" : "number";
    const [minimum, maximum] = NUMBER_FORMAT_RANGES[def.format];
    inst._zod.check = (payload) => {
        const input = payload.value;
        if (isInt) {
            if (!Number.isInteger(input)) {
                // invalid_format issue
                // payload.issues.push({
                //   expected: def.format,
                //   format: def.format,
                //   code: "invalid_format",
                //   input,
                //   inst,
                // });
                // invalid_type issue
                payload.issues.push({
                    expected: origin,
                    format: def.format,
                    code: "invalid_type",
                    continue: false,
                    input,
                    inst,
                });
                return;
                // not_multiple_of issue
                // payload.issues.push({
                //   code: "not_multiple_of",
                //   origin: "number",
                //   input,
                //   inst,
                //   divisor: 1,
                // });
            }
            if (!Number.isSafeInteger(input)) {
                if (input > 0) {
                    // too_big
                    payload.issues.push({
                        input,
                        code: "too_big",
                        maximum: Number.MAX_SAFE_INTEGER,
                        note: "Integers must be within the safe integer range.",
                        inst,
                        origin,
                        inclusive: true,
                        continue: !def.abort,
                    });
                }
                else {
                    // too_small
                    payload.issues.push({
                        input,
                        code: "too_small",
                        minimum: Number.MIN_SAFE_INTEGER,
                        note: "Integers must be within the safe integer range.",
                        inst,
                        origin,
                        inclusive: true,
                        continue: !def.abort,
                    });
                }
                return;
            }
        }
        if (input < minimum) {
            payload.issues.push({
                origin: "number",
                input,
                code: "too_small",
                minimum,
                inclusive: true,
                inst,
                continue: !def.abort,
            });
        }
        if (input > maximum) {
            payload.issues.push({
                origin: "number",
                input,
                code: "too_big",
                maximum,
                inclusive: true,
                inst,
                continue: !def.abort,
            });
        }
    };
});
const $ZodCheckBigIntFormat = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodCheckBigIntFormat", (inst, def) => {
    $ZodCheck.init(inst, def); // no format checks
    const [minimum, maximum] = util.BIGINT_FORMAT_RANGES[def.format];
    inst._zod.check = (payload) => {
        const input = payload.value;
        if (input < minimum) {
            payload.issues.push({
                origin: "bigint",
                input,
                code: "too_small",
                minimum: minimum,
                inclusive: true,
                inst,
                continue: !def.abort,
            });
        }
        if (input > maximum) {
            payload.issues.push({
                origin: "bigint",
                input,
                code: "too_big",
                maximum,
                inclusive: true,
                inst,
                continue: !def.abort,
            });
        }
    };
})));
const $ZodCheckMaxSize = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodCheckMaxSize", (inst, def) => {
    var _a;
    $ZodCheck.init(inst, def);
    (_a = inst._zod.def).when ?? (_a.when = _whenHasSize);
    inst._zod.check = (payload) => {
        const input = payload.value;
        const size = input.size;
        if (size <= def.maximum)
            return;
        payload.issues.push({
            origin: util.getSizableOrigin(input),
            code: "too_big",
            maximum: def.maximum,
            inclusive: true,
            input,
            inst,
            continue: !def.abort,
        });
    };
})));
const $ZodCheckMinSize = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodCheckMinSize", (inst, def) => {
    var _a;
    $ZodCheck.init(inst, def);
    (_a = inst._zod.def).when ?? (_a.when = _whenHasSize);
    inst._zod.check = (payload) => {
        const input = payload.value;
        const size = input.size;
        if (size >= def.minimum)
            return;
        payload.issues.push({
            origin: util.getSizableOrigin(input),
            code: "too_small",
            minimum: def.minimum,
            inclusive: true,
            input,
            inst,
            continue: !def.abort,
        });
    };
})));
const $ZodCheckSizeEquals = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodCheckSizeEquals", (inst, def) => {
    var _a;
    $ZodCheck.init(inst, def);
    (_a = inst._zod.def).when ?? (_a.when = _whenHasSize);
    inst._zod.check = (payload) => {
        const input = payload.value;
        const size = input.size;
        if (size === def.size)
            return;
        const tooBig = size > def.size;
        payload.issues.push({
            origin: util.getSizableOrigin(input),
            ...(tooBig ? { code: "too_big", maximum: def.size } : { code: "too_small", minimum: def.size }),
            inclusive: true,
            exact: true,
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
})));
const $ZodCheckMaxLength = /*@__PURE__*/ $constructor("$ZodCheckMaxLength", (inst, def) => {
    var _a;
    $ZodCheck.init(inst, def);
    (_a = inst._zod.def).when ?? (_a.when = _whenHasLength);
    inst._zod.check = (payload) => {
        const input = payload.value;
        const units = input.length;
        // Strings are measured in Unicode code points, not UTF-16 units. A code point is at most two units, so a string that already fits in units fits in code points; only an overflow has to be counted.
        const length = typeof input === "string" && units > def.maximum ? codePointLength(input) : units;
        if (length <= def.maximum)
            return;
        const origin = getLengthableOrigin(input);
        payload.issues.push({
            origin,
            code: "too_big",
            maximum: def.maximum,
            inclusive: true,
            input,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckMinLength = /*@__PURE__*/ $constructor("$ZodCheckMinLength", (inst, def) => {
    var _a;
    $ZodCheck.init(inst, def);
    (_a = inst._zod.def).when ?? (_a.when = _whenHasLength);
    inst._zod.check = (payload) => {
        const input = payload.value;
        const units = input.length;
        // A code point is one or two UTF-16 units, so fewer units than the floor can never reach it and twice the floor always clears it. Only in between is the exact count in doubt.
        const length = typeof input === "string" && units >= def.minimum && units < def.minimum * 2
            ? codePointLength(input)
            : units;
        if (length >= def.minimum)
            return;
        const origin = getLengthableOrigin(input);
        payload.issues.push({
            origin,
            code: "too_small",
            minimum: def.minimum,
            inclusive: true,
            input,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckLengthEquals = /*@__PURE__*/ $constructor("$ZodCheckLengthEquals", (inst, def) => {
    var _a;
    $ZodCheck.init(inst, def);
    (_a = inst._zod.def).when ?? (_a.when = _whenHasLength);
    inst._zod.check = (payload) => {
        const input = payload.value;
        const units = input.length;
        // A code point is one or two UTF-16 units, so outside `[length, length * 2]` units the target is missed either way — and missed in the same direction in both measures.
        const length = typeof input === "string" && units >= def.length && units <= def.length * 2
            ? codePointLength(input)
            : units;
        if (length === def.length)
            return;
        const origin = getLengthableOrigin(input);
        const tooBig = length > def.length;
        payload.issues.push({
            origin,
            ...(tooBig ? { code: "too_big", maximum: def.length } : { code: "too_small", minimum: def.length }),
            inclusive: true,
            exact: true,
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckStringFormat = /*@__PURE__*/ $constructor("$ZodCheckStringFormat", (inst, def) => {
    var _a, _b;
    $ZodCheck.init(inst, def);
    if (def.pattern)
        (_a = inst._zod).check ?? (_a.check = (payload) => {
            def.pattern.lastIndex = 0;
            if (def.pattern.test(payload.value))
                return;
            payload.issues.push({
                origin: "string",
                code: "invalid_format",
                format: def.format,
                input: payload.value,
                ...(def.pattern ? { pattern: def.pattern.toString() } : {}),
                inst,
                continue: !def.abort,
            });
        });
    else
        (_b = inst._zod).check ?? (_b.check = () => { });
});
const $ZodCheckRegex = /*@__PURE__*/ $constructor("$ZodCheckRegex", (inst, def) => {
    $ZodCheckStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        def.pattern.lastIndex = 0;
        if (def.pattern.test(payload.value))
            return;
        payload.issues.push({
            origin: "string",
            code: "invalid_format",
            format: "regex",
            input: payload.value,
            pattern: def.pattern.toString(),
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckLowerCase = /*@__PURE__*/ $constructor("$ZodCheckLowerCase", (inst, def) => {
    def.pattern ?? (def.pattern = lowercase);
    $ZodCheckStringFormat.init(inst, def);
});
const $ZodCheckUpperCase = /*@__PURE__*/ $constructor("$ZodCheckUpperCase", (inst, def) => {
    def.pattern ?? (def.pattern = uppercase);
    $ZodCheckStringFormat.init(inst, def);
});
const $ZodCheckIncludes = /*@__PURE__*/ $constructor("$ZodCheckIncludes", (inst, def) => {
    $ZodCheck.init(inst, def);
    const escapedRegex = escapeRegex(def.includes);
    // `String.prototype.includes(sub, position)` matches `sub` at `position`
    // OR LATER, so the pattern must allow at least `position` leading chars
    // (`{N,}`), not exactly `position` chars (`{N}`).
    const pattern = new RegExp(typeof def.position === "number" ? `^.{${def.position},}${escapedRegex}` : escapedRegex);
    def.pattern = pattern;
    inst._zod.check = (payload) => {
        if (payload.value.includes(def.includes, def.position))
            return;
        payload.issues.push({
            origin: "string",
            code: "invalid_format",
            format: "includes",
            includes: def.includes,
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckStartsWith = /*@__PURE__*/ $constructor("$ZodCheckStartsWith", (inst, def) => {
    $ZodCheck.init(inst, def);
    const pattern = new RegExp(`^${escapeRegex(def.prefix)}.*`);
    def.pattern ?? (def.pattern = pattern);
    inst._zod.check = (payload) => {
        if (payload.value.startsWith(def.prefix))
            return;
        payload.issues.push({
            origin: "string",
            code: "invalid_format",
            format: "starts_with",
            prefix: def.prefix,
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCheckEndsWith = /*@__PURE__*/ $constructor("$ZodCheckEndsWith", (inst, def) => {
    $ZodCheck.init(inst, def);
    const pattern = new RegExp(`.*${escapeRegex(def.suffix)}$`);
    def.pattern ?? (def.pattern = pattern);
    inst._zod.check = (payload) => {
        if (payload.value.endsWith(def.suffix))
            return;
        payload.issues.push({
            origin: "string",
            code: "invalid_format",
            format: "ends_with",
            suffix: def.suffix,
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
///////////////////////////////////
/////    $ZodCheckProperty    /////
///////////////////////////////////
function handleCheckPropertyResult(result, payload, property) {
    if (result.issues.length) {
        payload.issues.push(...prefixIssues(property, result.issues));
    }
}
const $ZodCheckProperty = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodCheckProperty", (inst, def) => {
    $ZodCheck.init(inst, def);
    inst._zod.check = (payload) => {
        const result = def.schema._zod.run({
            value: payload.value[def.property],
            issues: [],
        }, {});
        if (result instanceof Promise) {
            return result.then((result) => handleCheckPropertyResult(result, payload, def.property));
        }
        handleCheckPropertyResult(result, payload, def.property);
        return;
    };
})));
const $ZodCheckProperties = /*@__PURE__*/ $constructor("$ZodCheckProperties", (inst, def) => {
    $ZodCheck.init(inst, def);
    hide(inst, Symbol.iterator, function* () {
        yield inst;
    });
    // key and schema snapshotted together: reading one live and the other cached lets a later mutation of the caller's shape object pair a stale key with a missing schema
    let entries;
    inst._zod.check = (payload) => {
        // the base schema already typed the value, so only a nullish one is rejected here: the properties read on a primitive too, matching z.property() on a string's length
        if (payload.value == null) {
            payload.issues.push({ expected: "object", code: "invalid_type", input: payload.value, inst });
            return undefined;
        }
        entries ?? (entries = Reflect.ownKeys(def.shape).map((key) => [key, def.shape[key]]));
        const input = payload.value;
        let proms;
        for (const [key, schema] of entries) {
            const result = schema._zod.run({ value: input[key], issues: [] }, {});
            if (result instanceof Promise) {
                proms ?? (proms = []);
                proms.push(result.then((result) => handleCheckPropertyResult(result, payload, key)));
            }
            else {
                handleCheckPropertyResult(result, payload, key);
            }
        }
        if (proms)
            return Promise.all(proms).then(() => undefined);
        return undefined;
    };
});
const $ZodCheckMimeType = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodCheckMimeType", (inst, def) => {
    $ZodCheck.init(inst, def);
    const mimeSet = new Set(def.mime);
    inst._zod.check = (payload) => {
        if (mimeSet.has(payload.value.type))
            return;
        payload.issues.push({
            code: "invalid_value",
            values: def.mime,
            input: payload.value.type,
            inst,
            continue: !def.abort,
        });
    };
})));
const $ZodCheckOverwrite = /*@__PURE__*/ $constructor("$ZodCheckOverwrite", (inst, def) => {
    $ZodCheck.init(inst, def);
    inst._zod.check = (payload) => {
        payload.value = def.tx(payload.value);
    };
});

;// CONCATENATED MODULE: ./node_modules/zod/v4/core/doc.js
class Doc {
    constructor(args = [], closed = {}) {
        this.content = [];
        this.indent = 0;
        this.args = args;
        this.closed = closed;
    }
    // the compiler catches a child's throw and keeps writing into this doc, so the indent has to unwind with it
    indented(fn) {
        this.indent += 1;
        try {
            fn(this);
        }
        finally {
            this.indent -= 1;
        }
    }
    write(arg) {
        if (typeof arg === "function") {
            arg(this, { execution: "sync" });
            arg(this, { execution: "async" });
            return;
        }
        const content = arg;
        const lines = content.split("\n").filter((x) => x);
        const minIndent = Math.min(...lines.map((x) => x.length - x.trimStart().length));
        const dedented = lines.map((x) => x.slice(minIndent)).map((x) => " ".repeat(this.indent * 2) + x);
        for (const line of dedented) {
            this.content.push(line);
        }
    }
    compile() {
        const F = Function;
        const content = this?.content ?? [``];
        const factory = new F(...Object.keys(this.closed), `return function (${this.args.join(", ")}) {\n${content.join("\n")}\n};`);
        return factory(...Object.values(this.closed));
    }
}

;// CONCATENATED MODULE: ./node_modules/zod/v4/core/versions.js
const version = {
    major: 4,
    minor: 6,
    patch: 7,
};

;// CONCATENATED MODULE: ./node_modules/zod/v4/core/schemas.js







const $ZodType = /*@__PURE__*/ $constructor("$ZodType", (inst, def) => {
    var _a;
    inst ?? (inst = {});
    inst._zod.def = def; // set _def property
    inst._zod.bag = inst._zod.bag || {}; // initialize _bag object
    inst._zod.version = version;
    const defChecks = inst._zod.def.checks;
    // if inst is itself a checks.$ZodCheck, run it as a check
    const checks = inst._zod.traits.has("$ZodCheck")
        ? [inst, ...(defChecks ?? [])]
        : defChecks?.length
            ? [...defChecks]
            : [];
    for (const ch of checks) {
        for (const fn of ch._zod.onattach) {
            fn(inst);
        }
    }
    if (checks.length === 0) {
        // deferred initializer inst._zod.parse is not yet defined
        (_a = inst._zod).deferred ?? (_a.deferred = []);
        inst._zod.deferred?.push(() => {
            inst._zod.run = inst._zod.parse;
        });
    }
    else {
        const runChecks = (payload, checks, ctx) => {
            if (payload.memo)
                return payload;
            let isAborted = aborted(payload);
            let asyncResult;
            for (const ch of checks) {
                if (ch._zod.def.when) {
                    if (explicitlyAborted(payload))
                        continue;
                    const shouldRun = ch._zod.def.when(payload);
                    if (!shouldRun)
                        continue;
                }
                else if (isAborted) {
                    continue;
                }
                const currLen = payload.issues.length;
                const _ = ch._zod.check(payload);
                if (_ instanceof Promise && ctx?.async === false) {
                    throw new $ZodAsyncError();
                }
                if (asyncResult || _ instanceof Promise) {
                    asyncResult = (asyncResult ?? Promise.resolve()).then(async () => {
                        await _;
                        const nextLen = payload.issues.length;
                        if (nextLen === currLen)
                            return;
                        attachSchema(payload.issues, currLen, inst);
                        if (!isAborted)
                            isAborted = aborted(payload, currLen);
                    });
                }
                else {
                    const nextLen = payload.issues.length;
                    if (nextLen === currLen)
                        continue;
                    attachSchema(payload.issues, currLen, inst);
                    if (!isAborted)
                        isAborted = aborted(payload, currLen);
                }
            }
            if (asyncResult) {
                return asyncResult.then(() => {
                    return payload;
                });
            }
            return payload;
        };
        const handleCanaryResult = (canary, payload, ctx) => {
            // abort if the canary is aborted
            if (aborted(canary)) {
                canary.aborted = true;
                return canary;
            }
            // run checks first, then
            const checkResult = runChecks(payload, checks, ctx);
            if (checkResult instanceof Promise) {
                if (ctx.async === false)
                    throw new $ZodAsyncError();
                return checkResult.then((checkResult) => inst._zod.parse(checkResult, ctx));
            }
            return inst._zod.parse(checkResult, ctx);
        };
        inst._zod.run = (payload, ctx) => {
            if (ctx.skipChecks) {
                return inst._zod.parse(payload, ctx);
            }
            if (ctx.direction === "backward") {
                // run canary initial pass (no checks)
                const canary = inst._zod.parse({ value: payload.value, issues: [] }, { ...ctx, skipChecks: true });
                if (canary instanceof Promise) {
                    return canary.then((canary) => {
                        return handleCanaryResult(canary, payload, ctx);
                    });
                }
                return handleCanaryResult(canary, payload, ctx);
            }
            // forward
            const result = inst._zod.parse(payload, ctx);
            if (result instanceof Promise) {
                if (ctx.async === false)
                    throw new $ZodAsyncError();
                return result.then((result) => runChecks(result, checks, ctx));
            }
            return runChecks(result, checks, ctx);
        };
    }
}, {
    // Wrappers extend this by installing a richer factory over it; reading it eagerly would defeat the laziness.
    get "~standard"() {
        return hide(this, "~standard", standardProps(this));
    },
    set "~standard"(value) {
        own(this, "~standard", value);
    },
});
/** The Standard Schema surface for `inst`. Shared so wrappers can extend it without forcing it. */
// a Standard Schema result only reports issues, so a failure finalizes them straight off the raw payload: no ZodError, and no lazy result to read through
const toStandardResult = (r, ctx) => r.issues.length ? { issues: r.issues.map((iss) => finalizeIssue(iss, ctx, config())) } : { value: r.value };
async function validateAsync(inst, value) {
    const ctx = { async: true };
    return toStandardResult((await inst._zod.run({ value, issues: [] }, ctx)), ctx);
}
function standardProps(inst) {
    return {
        validate: (value) => {
            const ctx = { async: false };
            try {
                const r = inst._zod.run({ value, issues: [] }, ctx);
                if (!(r instanceof Promise))
                    return toStandardResult(r, ctx);
            }
            catch (_) { }
            // async function so a synchronously throwing check rejects instead of escaping validate
            return validateAsync(inst, value);
        },
        vendor: "zod",
        version: 1,
    };
}

const $ZodString = /*@__PURE__*/ $constructor("$ZodString", (inst, def) => {
    $ZodType.init(inst, def);
    // a format's own pattern, else unbounded; a template literal derives the check-aware form itself
    inst._zod.pattern = def.pattern ?? anyString;
    inst._zod.parse = (payload, _) => {
        if (def.coerce)
            try {
                payload.value = String(payload.value);
            }
            catch (_) { }
        if (typeof payload.value === "string")
            return payload;
        payload.issues.push({
            expected: "string",
            code: "invalid_type",
            input: payload.value,
            inst,
        });
        return payload;
    };
});
const $ZodStringFormat = /*@__PURE__*/ $constructor("$ZodStringFormat", (inst, def) => {
    // check initialization must come first
    $ZodCheckStringFormat.init(inst, def);
    $ZodString.init(inst, def);
});
const $ZodGUID = /*@__PURE__*/ $constructor("$ZodGUID", (inst, def) => {
    def.pattern ?? (def.pattern = guid);
    $ZodStringFormat.init(inst, def);
});
const $ZodUUID = /*@__PURE__*/ $constructor("$ZodUUID", (inst, def) => {
    if (def.version) {
        const versionMap = {
            v1: 1,
            v2: 2,
            v3: 3,
            v4: 4,
            v5: 5,
            v6: 6,
            v7: 7,
            v8: 8,
        };
        const v = versionMap[def.version];
        if (v === undefined)
            throw new Error(`Invalid UUID version: "${def.version}"`);
        def.pattern ?? (def.pattern = uuid(v));
    }
    else
        def.pattern ?? (def.pattern = uuid());
    $ZodStringFormat.init(inst, def);
});
const $ZodEmail = /*@__PURE__*/ $constructor("$ZodEmail", (inst, def) => {
    def.pattern ?? (def.pattern = email);
    $ZodStringFormat.init(inst, def);
});
/** The `://` guard rejected the input before the URL constructor saw it. */
const URL_BAD_FORMAT = 1;
/** The URL parser rejected the input. */
const URL_UNPARSEABLE = 2;
function canParseURL(input) {
    try {
        if (typeof URL !== "undefined" && typeof URL.canParse === "function")
            return URL.canParse(input);
        new URL(input);
        return true;
    }
    catch {
        return false;
    }
}
function validateURL(trimmed, def) {
    if (!("normalize" in def) && !("hostname" in def) && !("protocol" in def)) {
        return canParseURL(trimmed) || URL_UNPARSEABLE;
    }
    return parseURLObject(trimmed, def);
}
/** Parses a URL while preserving the non-normalizing HTTP guard. */
function parseURLObject(trimmed, def) {
    // When normalize is off, require :// for http/https URLs. This prevents strings like "http:example.com" or "https:/path" from being silently accepted
    if (!def.normalize && def.protocol?.source === httpProtocol.source && !/^https?:\/\//i.test(trimmed)) {
        return URL_BAD_FORMAT;
    }
    try {
        if (typeof URL !== "undefined") {
            const URLStatic = URL;
            if (typeof URLStatic.parse === "function")
                return URLStatic.parse(trimmed) ?? URL_UNPARSEABLE;
        }
        // @ts-ignore
        return new URL(trimmed);
    }
    catch {
        return URL_UNPARSEABLE;
    }
}
const asciiTabOrNewline = /[\t\n\r]/g;
/** The URL parser deletes every ASCII tab, LF and CR from its input before it parses, so `new URL("https://exa\nmple.com")` reports on `example.com`. Applying the same deletion to the returned value closes the half of that divergence which can move the host; the parser's other rewrite, stripping C0 controls at the edges, cannot. */
function stripTabAndNewline(value) {
    return value.replace(asciiTabOrNewline, "");
}
function urlHostnameOk(url, hostname) {
    hostname.lastIndex = 0;
    return hostname.test(url.hostname);
}
function urlProtocolOk(url, protocol) {
    protocol.lastIndex = 0;
    return protocol.test(url.protocol.endsWith(":") ? url.protocol.slice(0, -1) : url.protocol);
}
const $ZodURL = /*@__PURE__*/ $constructor("$ZodURL", (inst, def) => {
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        try {
            // Trim whitespace from input
            const trimmed = payload.value.trim();
            const url = validateURL(trimmed, def);
            if (url === URL_BAD_FORMAT) {
                payload.issues.push({
                    code: "invalid_format",
                    format: "url",
                    note: "Invalid URL format",
                    input: payload.value,
                    inst,
                    continue: !def.abort,
                });
                return;
            }
            if (url === URL_UNPARSEABLE) {
                payload.issues.push({
                    code: "invalid_format",
                    format: "url",
                    input: payload.value,
                    inst,
                    continue: !def.abort,
                });
                return;
            }
            if (url === true) {
                payload.value = stripTabAndNewline(trimmed);
                return;
            }
            if (def.hostname && !urlHostnameOk(url, def.hostname)) {
                payload.issues.push({
                    code: "invalid_format",
                    format: "url",
                    note: "Invalid hostname",
                    pattern: def.hostname.source,
                    input: payload.value,
                    inst,
                    continue: !def.abort,
                });
            }
            if (def.protocol && !urlProtocolOk(url, def.protocol)) {
                payload.issues.push({
                    code: "invalid_format",
                    format: "url",
                    note: "Invalid protocol",
                    pattern: def.protocol.source,
                    input: payload.value,
                    inst,
                    continue: !def.abort,
                });
            }
            // Set the output value based on normalize flag
            payload.value = def.normalize ? url.href : stripTabAndNewline(trimmed);
            return;
        }
        catch (_) {
            payload.issues.push({
                code: "invalid_format",
                format: "url",
                input: payload.value,
                inst,
                continue: !def.abort,
            });
        }
    };
});
const $ZodEmoji = /*@__PURE__*/ $constructor("$ZodEmoji", (inst, def) => {
    def.pattern ?? (def.pattern = emoji());
    $ZodStringFormat.init(inst, def);
});
const $ZodNanoID = /*@__PURE__*/ $constructor("$ZodNanoID", (inst, def) => {
    if (def.length !== undefined && (!Number.isInteger(def.length) || def.length < 1))
        throw new Error(`Invalid nanoid length: ${def.length}`);
    def.pattern ?? (def.pattern = def.length === undefined ? nanoid : nanoidOfLength(def.length));
    $ZodStringFormat.init(inst, def);
});
/**
 * @deprecated CUID v1 is deprecated by its authors due to information leakage
 * (timestamps embedded in the id). Use {@link $ZodCUID2} instead.
 * See https://github.com/paralleldrive/cuid.
 */
const $ZodCUID = /*@__PURE__*/ $constructor("$ZodCUID", (inst, def) => {
    def.pattern ?? (def.pattern = cuid);
    $ZodStringFormat.init(inst, def);
});
const $ZodCUID2 = /*@__PURE__*/ $constructor("$ZodCUID2", (inst, def) => {
    def.pattern ?? (def.pattern = cuid2);
    $ZodStringFormat.init(inst, def);
});
const $ZodULID = /*@__PURE__*/ $constructor("$ZodULID", (inst, def) => {
    def.pattern ?? (def.pattern = ulid);
    $ZodStringFormat.init(inst, def);
});
const $ZodXID = /*@__PURE__*/ $constructor("$ZodXID", (inst, def) => {
    def.pattern ?? (def.pattern = xid);
    $ZodStringFormat.init(inst, def);
});
const $ZodKSUID = /*@__PURE__*/ $constructor("$ZodKSUID", (inst, def) => {
    def.pattern ?? (def.pattern = ksuid);
    $ZodStringFormat.init(inst, def);
});
const $ZodISODateTime = /*@__PURE__*/ $constructor("$ZodISODateTime", (inst, def) => {
    def.pattern ?? (def.pattern = datetime(def));
    $ZodStringFormat.init(inst, def);
});
const $ZodISODate = /*@__PURE__*/ $constructor("$ZodISODate", (inst, def) => {
    def.pattern ?? (def.pattern = date);
    $ZodStringFormat.init(inst, def);
});
const $ZodISOTime = /*@__PURE__*/ $constructor("$ZodISOTime", (inst, def) => {
    def.pattern ?? (def.pattern = time(def));
    $ZodStringFormat.init(inst, def);
});
const $ZodISODuration = /*@__PURE__*/ $constructor("$ZodISODuration", (inst, def) => {
    def.pattern ?? (def.pattern = duration);
    $ZodStringFormat.init(inst, def);
});
const $ZodIPv4 = /*@__PURE__*/ $constructor("$ZodIPv4", (inst, def) => {
    def.pattern ?? (def.pattern = ipv4);
    $ZodStringFormat.init(inst, def);
});
/** An IPv6 address is written with hex digits, colons and dots, and nothing else. The guard is what makes the check below an IPv6 check: `new URL("http://[...]")` parses an authority, not an address, so `@` and `\` re-delimit it and `"::@1\\"` validates against the host `0.0.0.1`. The URL parser also deletes ASCII tab, LF and CR rather than failing, which is how `"::1\n"` validated as `::1`. */
const ipv6Alphabet = /^[0-9a-fA-F:.]+$/;
function isValidIPv6(value) {
    if (!ipv6Alphabet.test(value))
        return false;
    return canParseURL(`http://[${value}]`);
}
const $ZodIPv6 = /*@__PURE__*/ $constructor("$ZodIPv6", (inst, def) => {
    def.pattern ?? (def.pattern = ipv6);
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        if (!isValidIPv6(payload.value)) {
            payload.issues.push({
                code: "invalid_format",
                format: "ipv6",
                input: payload.value,
                inst,
                continue: !def.abort,
            });
        }
    };
});
const $ZodMAC = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodMAC", (inst, def) => {
    def.pattern ?? (def.pattern = regexes.mac(def.delimiter));
    $ZodStringFormat.init(inst, def);
})));
const $ZodCIDRv4 = /*@__PURE__*/ $constructor("$ZodCIDRv4", (inst, def) => {
    def.pattern ?? (def.pattern = cidrv4);
    $ZodStringFormat.init(inst, def);
});
function isValidCIDRv6(value) {
    const parts = value.split("/");
    if (parts.length !== 2)
        return false;
    const [address, prefix] = parts;
    if (!prefix)
        return false;
    const prefixNum = Number(prefix);
    if (`${prefixNum}` !== prefix)
        return false;
    if (prefixNum < 0 || prefixNum > 128)
        return false;
    return isValidIPv6(address);
}
const $ZodCIDRv6 = /*@__PURE__*/ $constructor("$ZodCIDRv6", (inst, def) => {
    def.pattern ?? (def.pattern = cidrv6); // not used for validation
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        if (!isValidCIDRv6(payload.value)) {
            payload.issues.push({
                code: "invalid_format",
                format: "cidrv6",
                input: payload.value,
                inst,
                continue: !def.abort,
            });
        }
    };
});
//////////////////////////////   ZodBase64   //////////////////////////////
function isValidBase64(data) {
    if (data === "")
        return true;
    // atob ignores whitespace, so reject it up front.
    if (/\s/.test(data))
        return false;
    if (data.length % 4 !== 0)
        return false;
    try {
        // @ts-ignore
        atob(data);
        return true;
    }
    catch {
        return false;
    }
}
// lax on purpose: the quantified regexes.base64 overflows the regex stack on multi-MB input and its leading ^$| alternation leaks through template-literal composition; isValidBase64 enforces length and padding
const base64Charset = /^[0-9a-zA-Z+/]*={0,2}$/;
const $ZodBase64 = /*@__PURE__*/ $constructor("$ZodBase64", (inst, def) => {
    def.pattern ?? (def.pattern = base64Charset);
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        if (isValidBase64(payload.value))
            return;
        payload.issues.push({
            code: "invalid_format",
            format: "base64",
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
//////////////////////////////   ZodBase64URL   //////////////////////////////
// lax on purpose: the quantified regexes.base64url overflows the regex stack on multi-MB input; isValidBase64 enforces length on the padded string
const base64urlCharset = /^[A-Za-z0-9_-]*$/;
function isValidBase64URL(data) {
    if (!base64urlCharset.test(data))
        return false;
    const base64 = data.replace(/[-_]/g, (c) => (c === "-" ? "+" : "/"));
    const padded = base64.padEnd(Math.ceil(base64.length / 4) * 4, "=");
    return isValidBase64(padded);
}
const $ZodBase64URL = /*@__PURE__*/ $constructor("$ZodBase64URL", (inst, def) => {
    def.pattern ?? (def.pattern = base64urlCharset);
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        if (isValidBase64URL(payload.value))
            return;
        payload.issues.push({
            code: "invalid_format",
            format: "base64url",
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodE164 = /*@__PURE__*/ $constructor("$ZodE164", (inst, def) => {
    def.pattern ?? (def.pattern = e164);
    $ZodStringFormat.init(inst, def);
});
//////////////////////////////   ZodCreditCard   //////////////////////////////
const CC_SANITIZE = /[- ]/g;
/** Luhn checksum on a digit-only string. Adapted from valibot (MIT). */
function isLuhnAlgo(digits) {
    let length = digits.length;
    let bit = 1;
    let sum = 0;
    while (length) {
        const value = digits.charCodeAt(--length) - 48;
        bit ^= 1;
        sum += bit ? [0, 2, 4, 6, 8, 1, 3, 5, 7, 9][value] : value;
    }
    return sum % 10 === 0;
}
function isValidCreditCard(input) {
    if (!regexes.creditCard.test(input))
        return false;
    return isLuhnAlgo(input.replace(CC_SANITIZE, ""));
}
const $ZodCreditCard = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodCreditCard", (inst, def) => {
    // Shape only — the Luhn check below is not expressible as a pattern, so consumers of `pattern` (JSON Schema, template literals) get the length and separator rules alone.
    def.pattern ?? (def.pattern = regexes.creditCard);
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        if (isValidCreditCard(payload.value))
            return;
        payload.issues.push({
            code: "invalid_format",
            format: "credit_card",
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
})));
//////////////////////////////   ZodIBAN   //////////////////////////////
// iso 7064 mod 97-10 checksum without BigInt
function isIso7064Mod97(iban) {
    let remainder = 0;
    const len = iban.length;
    for (let i = 4; i < len; i++) {
        const code = iban.charCodeAt(i);
        remainder = (code >= 65 ? remainder * 100 + (code - 55) : remainder * 10 + (code - 48)) % 97;
    }
    for (let i = 0; i < 4; i++) {
        const code = iban.charCodeAt(i);
        remainder = (code >= 65 ? remainder * 100 + (code - 55) : remainder * 10 + (code - 48)) % 97;
    }
    return remainder === 1;
}
function isValidIBAN(input) {
    if (!regexes.iban.test(input))
        return false;
    return isIso7064Mod97(input);
}
const $ZodIBAN = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodIBAN", (inst, def) => {
    // shape only — checksum is not expressible as a pattern
    def.pattern ?? (def.pattern = regexes.iban);
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        if (isValidIBAN(payload.value))
            return;
        payload.issues.push({
            code: "invalid_format",
            format: "iban",
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
})));
//////////////////////////////   ZodJWT   //////////////////////////////
function isValidJWT(token, algorithm = null) {
    try {
        const tokensParts = token.split(".");
        if (tokensParts.length !== 3)
            return false;
        const [header] = tokensParts;
        if (!header)
            return false;
        // @ts-ignore
        const parsedHeader = JSON.parse(atob(header));
        if ("typ" in parsedHeader && parsedHeader?.typ !== "JWT")
            return false;
        if (!parsedHeader.alg)
            return false;
        if (algorithm && (!("alg" in parsedHeader) || parsedHeader.alg !== algorithm))
            return false;
        return true;
    }
    catch {
        return false;
    }
}
const $ZodJWT = /*@__PURE__*/ $constructor("$ZodJWT", (inst, def) => {
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        if (isValidJWT(payload.value, def.alg))
            return;
        payload.issues.push({
            code: "invalid_format",
            format: "jwt",
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
});
const $ZodCustomStringFormat = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodCustomStringFormat", (inst, def) => {
    $ZodStringFormat.init(inst, def);
    inst._zod.check = (payload) => {
        if (def.fn(payload.value))
            return;
        payload.issues.push({
            code: "invalid_format",
            format: def.format,
            input: payload.value,
            inst,
            continue: !def.abort,
        });
    };
})));
const $ZodNumber = /*@__PURE__*/ $constructor("$ZodNumber", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.pattern = number;
    inst._zod.parse = (payload, _ctx) => {
        if (def.coerce)
            try {
                payload.value = Number(payload.value);
            }
            catch (_) { }
        const input = payload.value;
        if (typeof input === "number" && !Number.isNaN(input) && Number.isFinite(input)) {
            return payload;
        }
        const received = typeof input === "number"
            ? Number.isNaN(input)
                ? "NaN"
                : !Number.isFinite(input)
                    ? String(input)
                    : undefined
            : undefined;
        payload.issues.push({
            expected: "number",
            code: "invalid_type",
            input,
            inst,
            ...(received ? { received } : {}),
        });
        return payload;
    };
});
const $ZodNumberFormat = /*@__PURE__*/ $constructor("$ZodNumberFormat", (inst, def) => {
    $ZodCheckNumberFormat.init(inst, def);
    $ZodNumber.init(inst, def); // no format checks
});
const $ZodBoolean = /*@__PURE__*/ $constructor("$ZodBoolean", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.pattern = regexes_boolean;
    inst._zod.parse = (payload, _ctx) => {
        if (def.coerce)
            try {
                payload.value = Boolean(payload.value);
            }
            catch (_) { }
        const input = payload.value;
        if (typeof input === "boolean")
            return payload;
        payload.issues.push({
            expected: "boolean",
            code: "invalid_type",
            input,
            inst,
        });
        return payload;
    };
});
const $ZodBigInt = /*@__PURE__*/ $constructor("$ZodBigInt", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.pattern = bigint;
    inst._zod.parse = (payload, _ctx) => {
        if (def.coerce)
            try {
                payload.value = BigInt(payload.value);
            }
            catch (_) { }
        if (typeof payload.value === "bigint")
            return payload;
        payload.issues.push({
            expected: "bigint",
            code: "invalid_type",
            input: payload.value,
            inst,
        });
        return payload;
    };
});
const $ZodBigIntFormat = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodBigIntFormat", (inst, def) => {
    checks.$ZodCheckBigIntFormat.init(inst, def);
    $ZodBigInt.init(inst, def); // no format checks
})));
const $ZodSymbol = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodSymbol", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.parse = (payload, _ctx) => {
        const input = payload.value;
        if (typeof input === "symbol")
            return payload;
        payload.issues.push({
            expected: "symbol",
            code: "invalid_type",
            input,
            inst,
        });
        return payload;
    };
})));
const $ZodUndefined = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodUndefined", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.pattern = regexes.undefined;
    inst._zod.values = new Set([undefined]);
    inst._zod.parse = (payload, _ctx) => {
        const input = payload.value;
        if (typeof input === "undefined")
            return payload;
        payload.issues.push({
            expected: "undefined",
            code: "invalid_type",
            input,
            inst,
        });
        return payload;
    };
})));
const $ZodNull = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodNull", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.pattern = regexes.null;
    inst._zod.values = new Set([null]);
    inst._zod.parse = (payload, _ctx) => {
        const input = payload.value;
        if (input === null)
            return payload;
        payload.issues.push({
            expected: "null",
            code: "invalid_type",
            input,
            inst,
        });
        return payload;
    };
})));
const $ZodAny = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodAny", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.parse = (payload) => payload;
})));
const $ZodUnknown = /*@__PURE__*/ $constructor("$ZodUnknown", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.parse = (payload) => payload;
});
const $ZodNever = /*@__PURE__*/ $constructor("$ZodNever", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.parse = (payload, _ctx) => {
        payload.issues.push({
            expected: "never",
            code: "invalid_type",
            input: payload.value,
            inst,
        });
        return payload;
    };
});
const $ZodVoid = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodVoid", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.parse = (payload, _ctx) => {
        const input = payload.value;
        if (typeof input === "undefined")
            return payload;
        payload.issues.push({
            expected: "void",
            code: "invalid_type",
            input,
            inst,
        });
        return payload;
    };
})));
const $ZodDate = /*@__PURE__*/ $constructor("$ZodDate", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.parse = (payload, _ctx) => {
        if (def.coerce) {
            try {
                payload.value = new Date(payload.value);
            }
            catch (_err) { }
        }
        const input = payload.value;
        const isDate = input instanceof Date;
        const isValidDate = isDate && !Number.isNaN(input.getTime());
        if (isValidDate)
            return payload;
        payload.issues.push({
            expected: "date",
            code: "invalid_type",
            input,
            ...(isDate ? { received: "Invalid Date" } : {}),
            inst,
        });
        return payload;
    };
});
// an oversized container fails its leading size checks before any element is parsed
function capSize(inst, size) {
    const caps = sizeCaps(inst._zod.def.checks);
    if (!caps.length)
        return;
    const cap = Math.min(...caps.map((c) => c[0]));
    const parse = inst._zod.parse;
    inst._zod.parse = (payload, ctx) => {
        const n = size(payload.value);
        if (n > cap && !ctx?.skipChecks && ctx?.direction !== "backward") {
            for (const [max, ch] of sizeCaps(inst._zod.def.checks)) {
                if (n > max && ch._zod.def.when(payload)) {
                    const start = payload.issues.length;
                    ch._zod.check(payload);
                    // the value is still the raw input, so no later check may read it
                    payload.issues[start].continue = false;
                    attachSchema(payload.issues, start, inst);
                    return payload;
                }
            }
        }
        return parse(payload, ctx);
    };
}
const arraySize = (input) => (Array.isArray(input) ? input.length : -1);
const mapSize = (input) => (input instanceof Map ? input.size : -1);
const setSize = (input) => (input instanceof Set ? input.size : -1);
function handleArrayResult(result, final, index) {
    if (result.issues.length) {
        final.issues.push(...prefixIssues(index, result.issues));
    }
    final.value[index] = result.value;
}
const $ZodArray = /*@__PURE__*/ $constructor("$ZodArray", (inst, def) => {
    $ZodType.init(inst, def);
    const memo = globalConfig.memoizer;
    memo?.attach(inst);
    inst._zod.parse = (payload, ctx) => {
        const input = payload.value;
        if (!Array.isArray(input)) {
            payload.issues.push({
                expected: "array",
                code: "invalid_type",
                input,
                inst,
            });
            return payload;
        }
        payload.value = memo ? memo.alloc(inst, payload, Array(input.length), ctx) : Array(input.length);
        const proms = [];
        const abortEarly = ctx?.abortEarly;
        for (let i = 0; i < input.length; i++) {
            const item = input[i];
            const result = def.element._zod.run({
                value: item,
                issues: [],
            }, ctx);
            if (result instanceof Promise) {
                proms.push(result.then((result) => handleArrayResult(result, payload, i)));
            }
            else {
                handleArrayResult(result, payload, i);
                // the element's payload is authoritative here, since handleArrayResult forwards every issue; an object's is not, because it drops a failed absent optional
                if (abortEarly && result.issues.length !== 0 && aborted(result))
                    break;
            }
        }
        if (proms.length) {
            return Promise.all(proms).then(() => payload);
        }
        return payload; //handleArrayResultsAsync(parseResults, final);
    };
    capSize(inst, arraySize);
});
function handlePropertyResult(result, final, key, input, optin, optout) {
    const isPresent = key in input;
    const isOptionalOut = optout === "optional";
    // The middle rung means "absence permitted, nothing supplied in its place", so an absent key contributes nothing — whatever the schema made of `undefined` is invented, not substituted. Only `optional` reaches this with a value: `defaulted` substitutes, and a schema that isn't optional-out has to keep the key.
    if (!isPresent && isOptionalOut && optin === "optional") {
        return;
    }
    if (result.issues.length) {
        // For optional-in/out schemas, ignore errors on absent keys.
        if (optin !== undefined && isOptionalOut && !isPresent) {
            return;
        }
        final.issues.push(...prefixIssues(key, result.issues));
    }
    if (!isPresent && optin === undefined) {
        if (!result.issues.length) {
            final.issues.push({
                code: "invalid_type",
                expected: "nonoptional",
                input: undefined,
                path: [key],
            });
        }
        return;
    }
    if (result.value === undefined) {
        if (isPresent || (optin === "defaulted" && !isOptionalOut)) {
            final.value[key] = undefined;
        }
    }
    else {
        final.value[key] = result.value;
    }
}
// one shared instance; a fresh [] per schema cost 56 bytes retained
const NO_SYMBOL_KEYS = [];
function normalizeDef(def) {
    const keys = Object.keys(def.shape);
    const ownSymbols = Object.getOwnPropertySymbols(def.shape);
    const symbolKeys = ownSymbols.length ? ownSymbols : NO_SYMBOL_KEYS;
    // aliases `keys` when there are no symbols, so a string-only shape keeps one array
    const allKeys = symbolKeys.length ? [...keys, ...symbolKeys] : keys;
    for (const k of allKeys) {
        if (!def.shape?.[k]?._zod?.traits?.has("$ZodType")) {
            throw new Error(`Invalid element at key "${String(k)}": expected a Zod schema`);
        }
    }
    const okeys = optionalKeys(def.shape);
    return {
        ...def,
        allKeys,
        symbolKeys,
        // string-only: handleCatchall matches it against `for...in`, which never yields a symbol
        keySet: new Set(keys),
        numKeys: keys.length,
        optionalKeys: new Set(okeys),
    };
}
function handleCatchall(proms, input, payload, ctx, def, inst, abortEarly) {
    const unrecognized = [];
    const keySet = def.keySet;
    const _catchall = def.catchall._zod;
    const t = _catchall.def.type;
    const optin = _catchall.optin;
    const optout = _catchall.optout;
    // starts at 0, not the current length: the shape phase already ran and may have aborted
    let seen = 0;
    for (const key in input) {
        if (abortEarly && payload.issues.length !== seen) {
            if (aborted(payload, seen))
                break;
            seen = payload.issues.length;
        }
        // Must precede the __proto__ branch: a declared key is not unrecognized, even though the shape loop deliberately strips __proto__ from the parsed output.
        if (keySet.has(key))
            continue;
        // Don't copy an undeclared __proto__ into the result; assignment to a plain {} would replace the result prototype. But in strict mode it is still an unknown key, so report it before skipping.
        if (key === "__proto__") {
            if (t === "never")
                unrecognized.push(key);
            continue;
        }
        if (t === "never") {
            unrecognized.push(key);
            continue;
        }
        const r = _catchall.run({ value: input[key], issues: [] }, ctx);
        if (r instanceof Promise) {
            proms.push(r.then((r) => handlePropertyResult(r, payload, key, input, optin, optout)));
        }
        else {
            handlePropertyResult(r, payload, key, input, optin, optout);
        }
    }
    if (unrecognized.length) {
        payload.issues.push({
            code: "unrecognized_keys",
            keys: unrecognized,
            input,
            inst,
            // Describes the shape of the input, not the validity of the parsed value, so it never aborts. The parse still fails; the schema's own checks just get to run first, and an enclosing intersection can reconcile the key against a sibling operand.
            continue: true,
        });
    }
    if (!proms.length)
        return payload;
    return Promise.all(proms).then(() => {
        return payload;
    });
}
const $ZodObject = /*@__PURE__*/ $constructor("$ZodObject", (inst, def) => {
    // requires cast because technically $ZodObject doesn't extend
    $ZodType.init(inst, def);
    const desc = Object.getOwnPropertyDescriptor(def, "shape");
    // a cloned def carries its source's accessor, which knows the shape it answers from; adopting that keeps the clone's keys readable without running it
    const sh = desc?.get ? desc.get.raw : (def.shape ?? {});
    if (sh) {
        // Freezes the shape on first read, so its getters resolve once and every later read sees the same schemas.
        const get = () => {
            const newSh = { ...sh };
            Object.defineProperty(def, "shape", { value: newSh });
            get.raw = newSh;
            return newSh;
        };
        get.raw = sh;
        Object.defineProperty(def, "shape", { get });
    }
    const _normalized = cached(() => normalizeDef(def));
    defineLazyInternal(inst, "propValues", (zod) => {
        const shape = zod.def.shape;
        const propValues = {};
        for (const key in shape) {
            const field = shape[key]._zod;
            if (field.values) {
                if (!Object.prototype.hasOwnProperty.call(propValues, key)) {
                    util_assignProp(propValues, key, new Set());
                }
                for (const v of field.values)
                    propValues[key].add(v);
                // An omittable slot reads back as undefined at a discriminator lookup, so it has to claim undefined: two options that can both omit the key are not discriminable on it.
                if (field.optin !== undefined)
                    propValues[key].add(undefined);
            }
        }
        return propValues;
    });
    const isObject = util_isObject;
    const catchall = def.catchall;
    let value;
    const memo = globalConfig.memoizer;
    memo?.attach(inst);
    inst._zod.parse = (payload, ctx) => {
        value ?? (value = _normalized.value);
        const input = payload.value;
        if (!isObject(input)) {
            payload.issues.push({
                expected: "object",
                code: "invalid_type",
                input,
                inst,
            });
            return payload;
        }
        payload.value = memo ? memo.alloc(inst, payload, {}, ctx) : {};
        const proms = [];
        const shape = value.shape;
        const abortEarly = ctx?.abortEarly;
        let seen = payload.issues.length;
        for (const key of value.allKeys) {
            if (abortEarly && payload.issues.length !== seen) {
                if (aborted(payload, seen))
                    break;
                seen = payload.issues.length;
            }
            if (key === "__proto__")
                continue;
            const el = shape[key];
            const optin = el._zod.optin;
            const optout = el._zod.optout;
            const r = el._zod.run({ value: input[key], issues: [] }, ctx);
            if (r instanceof Promise) {
                proms.push(r.then((r) => handlePropertyResult(r, payload, key, input, optin, optout)));
            }
            else {
                handlePropertyResult(r, payload, key, input, optin, optout);
            }
        }
        if (!catchall) {
            return proms.length ? Promise.all(proms).then(() => payload) : payload;
        }
        return handleCatchall(proms, input, payload, ctx, _normalized.value, inst, abortEarly === true);
    };
});
const $ZodObjectJIT = /*@__PURE__*/ $constructor("$ZodObjectJIT", (inst, def) => {
    // requires cast because technically $ZodObject doesn't extend
    $ZodObject.init(inst, def);
    const superParse = inst._zod.parse;
    const _normalized = cached(() => normalizeDef(def));
    const memo = globalConfig.memoizer;
    const generateFastpass = (shape) => {
        const normalized = _normalized.value;
        const syms = normalized.symbolKeys;
        // a symbol has no source literal, so it is read as `syms[i]` off the closed-over scope
        const doc = new Doc(["payload", "ctx"], { shape, inst, memo, syms });
        const parseStr = (k) => `shape[${k}]._zod.run({ value: input[${k}], issues: [] }, ctx)`;
        // prefixes in place, like util.prefixIssues. newResult must land before the early return: a catchall runs after this and would otherwise write onto the caller's input
        const prefixStr = (id, k) => `
          let ${id}_ab = false;
          for (let i = 0; i < ${id}.issues.length; i++) {
            const iss = ${id}.issues[i];
            iss.path = iss.path ? [${k}, ...iss.path] : [${k}];
            payload.issues.push(iss);
            if (iss.continue !== true) ${id}_ab = true;
          }
          if (${id}_ab && ctx && ctx.abortEarly) {
            payload.value = newResult;
            return payload;
          }`;
        doc.write(`const input = payload.value;`);
        const ids = Object.create(null);
        let counter = 0;
        for (const key of normalized.allKeys) {
            ids[key] = `key_${counter++}`;
        }
        // A: preserve key order {
        doc.write(memo ? `const newResult = memo.alloc(inst, payload, {}, ctx);` : `const newResult = {};`);
        for (const key of normalized.allKeys) {
            if (key === "__proto__")
                continue;
            const id = ids[key];
            const k = typeof key === "symbol" ? `syms[${syms.indexOf(key)}]` : esc(key);
            const isPresent = `${k} in input`;
            const schema = shape[key];
            const optin = schema?._zod?.optin;
            const isOptionalIn = optin !== undefined;
            const isOptionalOut = schema?._zod?.optout === "optional";
            doc.write(`const ${id} = ${parseStr(k)};`);
            if (isOptionalIn && isOptionalOut) {
                // For optional-in/out schemas, ignore errors on absent keys — and, like the interpreted path, drop the value produced alongside them. The middle rung goes further: it permits absence without supplying anything in its place, so an absent key contributes nothing at all.
                const assign = optin === "optional" ? `${id}_present` : `${id}.value !== undefined || ${id}_present`;
                doc.write(`
        const ${id}_present = ${isPresent};
        if (!${id}.issues.length || ${id}_present) {
          if (${id}.issues.length) {${prefixStr(id, k)}
          }

          if (${assign}) {
            newResult[${k}] = ${id}.value;
          }
        }

      `);
            }
            else if (!isOptionalIn) {
                doc.write(`
        const ${id}_present = ${isPresent};
        if (${id}.issues.length) {${prefixStr(id, k)}
        }
        if (!${id}_present && !${id}.issues.length) {
          payload.issues.push({
            code: "invalid_type",
            expected: "nonoptional",
            input: undefined,
            path: [${k}]
          });
          if (ctx && ctx.abortEarly) {
            payload.value = newResult;
            return payload;
          }
        }

        if (${id}_present) {
          newResult[${k}] = ${id}.value;
        }

      `);
            }
            else {
                doc.write(`
        if (${id}.issues.length) {${prefixStr(id, k)}
        }
      `);
                if (optin === "defaulted") {
                    doc.write(`newResult[${k}] = ${id}.value;`);
                }
                else {
                    doc.write(`
        if (${id}.value !== undefined || ${isPresent}) {
          newResult[${k}] = ${id}.value;
        }
      `);
                }
            }
        }
        doc.write(`payload.value = newResult;`);
        doc.write(`return payload;`);
        // closing `shape` in is what pays: turbofan specializes the parser against that one shape object, so every `shape[k]._zod.run` folds to a known callee. as a parameter it stays a generic load and measures 13% slower even with the forwarding frame gone
        return doc.compile();
    };
    let fastpass;
    const isObject = util_isObject;
    const jit = !globalConfig.jitless;
    const allowsEval = util_allowsEval;
    const fastEnabled = jit && allowsEval.value; // && !def.catchall;
    const catchall = def.catchall;
    let value;
    inst._zod.parse = (payload, ctx) => {
        value ?? (value = _normalized.value);
        const input = payload.value;
        if (!isObject(input)) {
            payload.issues.push({
                expected: "object",
                code: "invalid_type",
                input,
                inst,
            });
            return payload;
        }
        if (jit && fastEnabled && ctx?.async === false && ctx.jitless !== true) {
            // always synchronous
            if (!fastpass)
                fastpass = generateFastpass(def.shape);
            payload = fastpass(payload, ctx);
            if (!catchall)
                return payload;
            return handleCatchall([], input, payload, ctx, value, inst, ctx?.abortEarly === true);
        }
        return superParse(payload, ctx);
    };
});
function handleUnionResults(results, final, inst, ctx) {
    for (const result of results) {
        if (result.issues.length === 0) {
            final.value = result.value;
            return final;
        }
    }
    const nonaborted = results.filter((r) => !aborted(r));
    if (nonaborted.length === 1) {
        final.value = nonaborted[0].value;
        return nonaborted[0];
    }
    final.issues.push({
        code: "invalid_union",
        input: final.value,
        inst,
        errors: results.map((result) => result.issues.map((iss) => finalizeIssue(iss, ctx, config()))),
    });
    return final;
}
const $ZodUnion = /*@__PURE__*/ $constructor("$ZodUnion", (inst, def) => {
    $ZodType.init(inst, def);
    defineLazyInternal(inst, "optin", (zod) => zod.def.options.some((o) => o._zod.optin === "defaulted")
        ? "defaulted"
        : zod.def.options.some((o) => o._zod.optin !== undefined)
            ? "optional"
            : undefined);
    defineLazyInternal(inst, "optout", (zod) => zod.def.options.some((o) => o._zod.optout === "optional") ? "optional" : undefined);
    defineLazyInternal(inst, "values", (zod) => {
        if (zod.def.options.every((o) => o._zod.values)) {
            return new Set(zod.def.options.flatMap((option) => Array.from(option._zod.values)));
        }
        return undefined;
    });
    defineLazyInternal(inst, "pattern", (zod) => {
        if (zod.def.options.every((o) => o._zod.pattern)) {
            const patterns = zod.def.options.map((o) => o._zod.pattern);
            return new RegExp(`^(${patterns.map((p) => cleanRegex(p.source)).join("|")})$`);
        }
        return undefined;
    });
    const first = def.options.length === 1 ? def.options[0]._zod.run : null;
    inst._zod.parse = (payload, ctx) => {
        if (first) {
            return first(payload, ctx);
        }
        let async = false;
        const results = [];
        for (const option of def.options) {
            const result = option._zod.run({
                value: payload.value,
                issues: [],
            }, ctx);
            if (result instanceof Promise) {
                results.push(result);
                async = true;
            }
            else {
                if (result.issues.length === 0)
                    return result;
                results.push(result);
            }
        }
        if (!async)
            return handleUnionResults(results, payload, inst, ctx);
        return Promise.all(results).then((results) => {
            return handleUnionResults(results, payload, inst, ctx);
        });
    };
});
function handleExclusiveUnionResults(results, final, inst, ctx) {
    const matches = [];
    for (let i = 0; i < results.length; i++) {
        if (results[i].issues.length === 0)
            matches.push(i);
    }
    if (matches.length === 1) {
        final.value = results[matches[0]].value;
        return final;
    }
    if (matches.length === 0) {
        // No matches - same as regular union
        final.issues.push({
            code: "invalid_union",
            input: final.value,
            inst,
            errors: results.map((result) => result.issues.map((iss) => util.finalizeIssue(iss, ctx, core.config()))),
        });
    }
    else {
        // Multiple matches - exclusive union failure
        final.issues.push({
            code: "invalid_union",
            input: final.value,
            inst,
            errors: [],
            inclusive: false,
            matches,
        });
    }
    return final;
}
const $ZodXor = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodXor", (inst, def) => {
    $ZodUnion.init(inst, def);
    def.inclusive = false;
    const first = def.options.length === 1 ? def.options[0]._zod.run : null;
    inst._zod.parse = (payload, ctx) => {
        if (first) {
            return first(payload, ctx);
        }
        let async = false;
        const results = [];
        for (const option of def.options) {
            const result = option._zod.run({
                value: payload.value,
                issues: [],
            }, ctx);
            if (result instanceof Promise) {
                results.push(result);
                async = true;
            }
            else {
                results.push(result);
            }
        }
        if (!async)
            return handleExclusiveUnionResults(results, payload, inst, ctx);
        return Promise.all(results).then((results) => {
            return handleExclusiveUnionResults(results, payload, inst, ctx);
        });
    };
})));
/** Returns the option whose discriminator claims `value`, or throws if ambiguous. */
function getDiscriminatedOption(union, value) {
    const internals = union._zod;
    let map = internals.bag.optionsMap;
    if (!map) {
        map = discriminatorMap(internals.def);
        internals.bag.optionsMap = map;
    }
    const option = map.get(value);
    if (option === null)
        throw new Error(`Ambiguous discriminator value "${String(value)}"`);
    return option;
}
function discriminatorMap(def) {
    const map = new Map();
    for (const option of def.options) {
        const values = option._zod.propValues?.[def.discriminator];
        if (!values || values.size === 0)
            throw new Error(`Invalid discriminated union option at index "${def.options.indexOf(option)}"`);
        for (const value of values) {
            if (map.has(value)) {
                if (value !== undefined)
                    throw new Error(`Duplicate discriminator value "${String(value)}"`);
                // keep the collision marked so a later member cannot reclaim it
                map.set(value, null);
            }
            else {
                map.set(value, option);
            }
        }
    }
    return map;
}
const $ZodDiscriminatedUnion = 
/*@__PURE__*/
(/* unused pure expression or super */ null && (core.$constructor("$ZodDiscriminatedUnion", (inst, def) => {
    def.inclusive = false;
    $ZodUnion.init(inst, def);
    const _super = inst._zod.parse;
    util.defineLazyInternal(inst, "propValues", (zod) => {
        const propValues = {};
        let undefinedCount = 0;
        for (const option of zod.def.options) {
            const pv = option._zod.propValues;
            if (!pv || Object.keys(pv).length === 0)
                throw new Error(`Invalid discriminated union option at index "${zod.def.options.indexOf(option)}"`);
            if (pv[zod.def.discriminator]?.has(undefined))
                undefinedCount++;
            for (const [k, v] of Object.entries(pv)) {
                if (!Object.prototype.hasOwnProperty.call(propValues, k)) {
                    util.assignProp(propValues, k, new Set());
                }
                for (const val of v) {
                    propValues[k].add(val);
                }
            }
        }
        if (!zod.def.unionFallback && undefinedCount > 1)
            propValues[zod.def.discriminator]?.delete(undefined);
        return propValues;
    });
    // Checked now rather than in the lookup map below, so an option that lacks the discriminator fails at the `discriminatedUnion` call instead of on the first object parsed. Options whose shape cannot be enumerated without resolving it — pipes and lazies — are left to the map.
    def.options.forEach((option, i) => {
        const propShape = util.rawShape(option._zod.def);
        if (propShape && !Object.prototype.hasOwnProperty.call(propShape, def.discriminator)) {
            throw new Error(`Invalid discriminated union option at index "${i}"`);
        }
    });
    const disc = util.cached(() => discriminatorMap(def));
    inst._zod.parse = (payload, ctx) => {
        const input = payload.value;
        if (!util.isObject(input)) {
            payload.issues.push({
                code: "invalid_type",
                expected: "object",
                input,
                inst,
            });
            return payload;
        }
        const value = input?.[def.discriminator];
        const opt = disc.value.get(value);
        // forward metadata cannot choose an encoder for an absent tag
        if (opt && (value !== undefined || ctx.direction !== "backward")) {
            return opt._zod.run(payload, ctx);
        }
        // Fall back to union matching when the fast discriminator path fails:
        // - explicitly enabled via unionFallback, or
        // - during backward direction (encode), since codec-based discriminators have different values in forward vs backward directions
        if (def.unionFallback || ctx.direction === "backward") {
            return _super(payload, ctx);
        }
        // no matching discriminator
        payload.issues.push({
            code: "invalid_union",
            errors: [],
            note: "No matching discriminator",
            discriminator: def.discriminator,
            options: Array.from(disc.value.keys()).filter((value) => disc.value.get(value) !== null),
            input,
            path: [def.discriminator],
            inst,
        });
        return payload;
    };
})));
const $ZodIntersection = /*@__PURE__*/ $constructor("$ZodIntersection", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.parse = (payload, ctx) => {
        const input = payload.value;
        const left = def.left._zod.run({ value: input, issues: [] }, ctx);
        const right = def.right._zod.run({ value: input, issues: [] }, ctx);
        const async = left instanceof Promise || right instanceof Promise;
        if (async) {
            return Promise.all([left, right]).then(([left, right]) => {
                return handleIntersectionResults(payload, left, right);
            });
        }
        return handleIntersectionResults(payload, left, right);
    };
});
function mergeValues(a, b) {
    // const aType = parse.t(a);
    // const bType = parse.t(b);
    if (a === b) {
        return { valid: true, data: a };
    }
    if (a instanceof Date && b instanceof Date && +a === +b) {
        return { valid: true, data: a };
    }
    if (isPlainObject(a) && isPlainObject(b)) {
        const bKeys = Object.keys(b);
        const sharedKeys = Object.keys(a).filter((key) => bKeys.indexOf(key) !== -1);
        const newObj = { ...a, ...b };
        if (Object.prototype.hasOwnProperty.call(newObj, "__proto__"))
            delete newObj.__proto__;
        for (const key of sharedKeys) {
            if (key === "__proto__")
                continue;
            const sharedValue = mergeValues(a[key], b[key]);
            if (!sharedValue.valid) {
                return {
                    valid: false,
                    mergeErrorPath: [key, ...sharedValue.mergeErrorPath],
                };
            }
            newObj[key] = sharedValue.data;
        }
        return { valid: true, data: newObj };
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        if (a.length !== b.length) {
            return { valid: false, mergeErrorPath: [] };
        }
        const newArray = [];
        for (let index = 0; index < a.length; index++) {
            const itemA = a[index];
            const itemB = b[index];
            const sharedValue = mergeValues(itemA, itemB);
            if (!sharedValue.valid) {
                return {
                    valid: false,
                    mergeErrorPath: [index, ...sharedValue.mergeErrorPath],
                };
            }
            newArray.push(sharedValue.data);
        }
        return { valid: true, data: newArray };
    }
    return { valid: false, mergeErrorPath: [] };
}
function handleIntersectionResults(result, left, right) {
    // Track which side(s) reject each key. A key rejection is reported only when BOTH sides reject it, so a key owned by one branch survives the other's key schema. strictObject reports these as unrecognized_keys; a record with an open key schema reports one invalid_key per key.
    const unrecKeys = new Map();
    let unrecIssue;
    const keyIssues = new Map();
    const collect = (iss, side) => {
        let keys;
        if (iss.code === "unrecognized_keys" && !iss.path?.length) {
            unrecIssue ?? (unrecIssue = iss);
            keys = iss.keys;
        }
        else if (iss.code === "invalid_key" && iss.origin === "record" && iss.path?.length === 1) {
            const k = String(iss.path[0]);
            if (!keyIssues.has(k))
                keyIssues.set(k, iss);
            keys = [k];
        }
        else {
            return false;
        }
        for (const k of keys) {
            if (!unrecKeys.has(k))
                unrecKeys.set(k, {});
            unrecKeys.get(k)[side] = true;
        }
        return true;
    };
    for (const iss of left.issues) {
        if (!collect(iss, "l"))
            result.issues.push(iss);
    }
    for (const iss of right.issues) {
        if (!collect(iss, "r"))
            result.issues.push(iss);
    }
    // Report only keys rejected by BOTH sides
    const bothKeys = [...unrecKeys].filter(([, f]) => f.l && f.r).map(([k]) => k);
    if (bothKeys.length) {
        const aggregated = unrecIssue ? bothKeys.filter((k) => unrecIssue.keys.includes(k)) : [];
        if (aggregated.length)
            result.issues.push({ ...unrecIssue, keys: aggregated });
        for (const k of bothKeys) {
            if (!aggregated.includes(k) && keyIssues.has(k))
                result.issues.push(keyIssues.get(k));
        }
    }
    const merged = mergeValues(left.value, right.value);
    if (!merged.valid) {
        if (aborted(result))
            return result;
        throw new Error(`Unmergable intersection. Error path: ` + `${JSON.stringify(merged.mergeErrorPath)}`);
    }
    result.value = merged.data;
    return result;
}
const $ZodTuple = /*@__PURE__*/ $constructor("$ZodTuple", (inst, def) => {
    $ZodType.init(inst, def);
    const items = def.items;
    const memo = globalConfig.memoizer;
    memo?.attach(inst);
    inst._zod.parse = (payload, ctx) => {
        const input = payload.value;
        if (!Array.isArray(input)) {
            payload.issues.push({
                input,
                inst,
                expected: "tuple",
                code: "invalid_type",
            });
            return payload;
        }
        payload.value = memo ? memo.alloc(inst, payload, [], ctx) : [];
        const proms = [];
        const optinStart = getTupleOptStart(items, "optin");
        const optoutStart = getTupleOptStart(items, "optout");
        if (!def.rest) {
            if (input.length < optinStart) {
                payload.issues.push({
                    code: "too_small",
                    minimum: optinStart,
                    inclusive: true,
                    input,
                    inst,
                    origin: "array",
                });
                return payload;
            }
            if (input.length > items.length) {
                payload.issues.push({
                    code: "too_big",
                    maximum: items.length,
                    inclusive: true,
                    input,
                    inst,
                    origin: "array",
                });
            }
        }
        // Run every item in parallel, collecting results into an indexed array. The post-processing in `handleTupleResults` walks them in order so it can decide whether an absent optional-output error can truncate the tail or must be reported to preserve required output.
        const itemResults = new Array(items.length);
        // only tracked when there is a rest loop to skip
        const abortEarly = def.rest ? ctx?.abortEarly : undefined;
        let itemAborted = false;
        for (let i = 0; i < items.length; i++) {
            const r = items[i]._zod.run({ value: input[i], issues: [] }, ctx);
            if (r instanceof Promise) {
                proms.push(r.then((rr) => {
                    itemResults[i] = rr;
                }));
            }
            else {
                itemResults[i] = r;
                if (abortEarly && !itemAborted && r.issues.length)
                    itemAborted = aborted(r);
            }
        }
        // sound because rest is non-empty exactly when every fixed index is present, the one case handleTupleResults cannot discard an item's issues
        if (def.rest && !itemAborted) {
            let i = items.length - 1;
            const rest = input.slice(items.length);
            let seen = payload.issues.length;
            for (const el of rest) {
                if (abortEarly && payload.issues.length !== seen) {
                    if (aborted(payload, seen))
                        break;
                    seen = payload.issues.length;
                }
                i++;
                const result = def.rest._zod.run({ value: el, issues: [] }, ctx);
                if (result instanceof Promise) {
                    proms.push(result.then((r) => handleTupleResult(r, payload, i)));
                }
                else {
                    handleTupleResult(result, payload, i);
                }
            }
        }
        if (proms.length) {
            return Promise.all(proms).then(() => handleTupleResults(itemResults, payload, items, input, optoutStart));
        }
        return handleTupleResults(itemResults, payload, items, input, optoutStart);
    };
});
function getTupleOptStart(items, key) {
    for (let i = items.length - 1; i >= 0; i--) {
        // optin is a three-rung ladder so any rung above `undefined` permits an absent slot; optout stays two-valued.
        const omittable = key === "optin" ? items[i]._zod.optin !== undefined : items[i]._zod.optout === "optional";
        if (!omittable)
            return i + 1;
    }
    return 0;
}
function handleTupleResult(result, final, index) {
    if (result.issues.length) {
        final.issues.push(...prefixIssues(index, result.issues));
    }
    final.value[index] = result.value;
}
function handleTupleResults(itemResults, final, items, input, optoutStart) {
    // Walk results in order. Mirror $ZodObject's swallow-on-absent-optional rule, but only after `optoutStart`: the first index where the output tuple tail can be absent.
    for (let i = 0; i < items.length; i++) {
        const r = itemResults[i];
        const isPresent = i < input.length;
        // The array analog of `handlePropertyResult`'s absent-key early return: the middle rung permits absence without supplying anything in its place, so the tail truncates here instead of materializing whatever the item made of `undefined`.
        if (!isPresent && i >= optoutStart && items[i]._zod.optin === "optional") {
            final.value.length = i;
            break;
        }
        if (r.issues.length) {
            if (!isPresent && i >= optoutStart) {
                final.value.length = i;
                break;
            }
            final.issues.push(...prefixIssues(i, r.issues));
        }
        final.value[i] = r.value;
    }
    // Drop trailing slots that produced `undefined` for absent input
    // (the array analog of an absent optional key on an object). The
    // `i >= input.length` floor is critical: an explicit `undefined`
    // *inside* the input must be preserved even when the schema is
    // optional-out (e.g. `z.string().or(z.undefined())` accepting an
    // explicit undefined value).
    for (let i = final.value.length - 1; i >= input.length; i--) {
        if (items[i]._zod.optout === "optional" && final.value[i] === undefined) {
            final.value.length = i;
        }
        else {
            break;
        }
    }
    return final;
}
const $ZodRecord = /*@__PURE__*/ $constructor("$ZodRecord", (inst, def) => {
    $ZodType.init(inst, def);
    const memo = globalConfig.memoizer;
    memo?.attach(inst);
    inst._zod.parse = (payload, ctx) => {
        const input = payload.value;
        if (!isPlainObject(input)) {
            payload.issues.push({
                expected: "record",
                code: "invalid_type",
                input,
                inst,
            });
            return payload;
        }
        // no guard in either loop below: a record's invalid_key aborts but an enclosing intersection can reconcile it, so a stopped loop hides keys the sibling does not own and the intersection then rejects nothing
        const proms = [];
        const values = def.keyType._zod.values;
        if (values && !def.partial) {
            payload.value = memo ? memo.alloc(inst, payload, {}, ctx) : {};
            const recordKeys = new Set();
            for (const key of values) {
                if (typeof key === "string" || typeof key === "number" || typeof key === "symbol") {
                    recordKeys.add(typeof key === "number" ? key.toString() : key);
                    // A declared __proto__ is stripped but is not an unrecognized key.
                    if (key === "__proto__")
                        continue;
                    const keyResult = def.keyType._zod.run({ value: key, issues: [] }, ctx);
                    if (keyResult instanceof Promise) {
                        throw new Error("Async schemas not supported in object keys currently");
                    }
                    if (keyResult.issues.length) {
                        payload.issues.push({
                            code: "invalid_key",
                            origin: "record",
                            issues: keyResult.issues.map((iss) => finalizeIssue(iss, ctx, config())),
                            input: key,
                            path: [key],
                            inst,
                        });
                        continue;
                    }
                    const outKey = keyResult.value;
                    if (outKey === "__proto__")
                        continue;
                    const result = def.valueType._zod.run({ value: input[key], issues: [] }, ctx);
                    if (result instanceof Promise) {
                        proms.push(result.then((result) => {
                            if (result.issues.length) {
                                payload.issues.push(...prefixIssues(key, result.issues));
                            }
                            payload.value[outKey] = result.value;
                        }));
                    }
                    else {
                        if (result.issues.length) {
                            payload.issues.push(...prefixIssues(key, result.issues));
                        }
                        payload.value[outKey] = result.value;
                    }
                }
            }
            let unrecognized;
            for (const key in input) {
                if (!recordKeys.has(key)) {
                    if (def.mode === "loose") {
                        // skip __proto__ so it can't replace the result prototype via the assignment setter on the plain {} we build into
                        if (key === "__proto__")
                            continue;
                        payload.value[key] = input[key];
                    }
                    else {
                        unrecognized = unrecognized ?? [];
                        unrecognized.push(key);
                    }
                }
            }
            if (unrecognized && unrecognized.length > 0) {
                payload.issues.push({
                    code: "unrecognized_keys",
                    input,
                    inst,
                    keys: unrecognized,
                    continue: true,
                });
            }
        }
        else {
            payload.value = memo ? memo.alloc(inst, payload, {}, ctx) : {};
            // An enumerable key schema declares which keys the record owns, so a key outside the set is unrecognized. A non-enumerable one (regex, refine) is a constraint every key must satisfy, so a failing key is invalid. Only the former is reconcilable against the other side of an intersection.
            let unrecognized;
            // Reflect.ownKeys for Symbol-key support; filter non-enumerable to match z.object()
            for (const key of Reflect.ownKeys(input)) {
                if (key === "__proto__")
                    continue;
                if (!Object.prototype.propertyIsEnumerable.call(input, key))
                    continue;
                let keyResult = def.keyType._zod.run({ value: key, issues: [] }, ctx);
                if (keyResult instanceof Promise) {
                    throw new Error("Async schemas not supported in object keys currently");
                }
                // Numeric string fallback: if key is a numeric string and failed, retry with Number(key). This handles z.number(), z.literal([1, 2, 3]), and unions containing numeric literals
                const checkNumericKey = typeof key === "string" && number.test(key) && keyResult.issues.length;
                if (checkNumericKey) {
                    const retryResult = def.keyType._zod.run({ value: Number(key), issues: [] }, ctx);
                    if (retryResult instanceof Promise) {
                        throw new Error("Async schemas not supported in object keys currently");
                    }
                    if (retryResult.issues.length === 0) {
                        keyResult = retryResult;
                    }
                }
                if (keyResult.issues.length) {
                    if (def.mode === "loose") {
                        // Pass through unchanged
                        payload.value[key] = input[key];
                    }
                    else if (values) {
                        unrecognized = unrecognized ?? [];
                        unrecognized.push(key);
                    }
                    else {
                        // Default "strict" behavior: error on invalid key
                        payload.issues.push({
                            code: "invalid_key",
                            origin: "record",
                            issues: keyResult.issues.map((iss) => finalizeIssue(iss, ctx, config())),
                            input: key,
                            path: [key],
                            inst,
                        });
                    }
                    continue;
                }
                // the guard above tests the raw input key, but the key schema can normalize an ordinary key into __proto__; re-check the key we actually write under
                const outKey = keyResult.value;
                if (outKey === "__proto__")
                    continue;
                const result = def.valueType._zod.run({ value: input[key], issues: [] }, ctx);
                if (result instanceof Promise) {
                    proms.push(result.then((result) => {
                        if (result.issues.length) {
                            payload.issues.push(...prefixIssues(key, result.issues));
                        }
                        payload.value[outKey] = result.value;
                    }));
                }
                else {
                    if (result.issues.length) {
                        payload.issues.push(...prefixIssues(key, result.issues));
                    }
                    payload.value[outKey] = result.value;
                }
            }
            if (unrecognized && unrecognized.length > 0) {
                payload.issues.push({
                    code: "unrecognized_keys",
                    input,
                    inst,
                    keys: unrecognized,
                    continue: true,
                });
            }
        }
        if (proms.length) {
            return Promise.all(proms).then(() => payload);
        }
        return payload;
    };
});
const $ZodMap = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodMap", (inst, def) => {
    $ZodType.init(inst, def);
    const memo = core.globalConfig.memoizer;
    memo?.attach(inst);
    inst._zod.parse = (payload, ctx) => {
        const input = payload.value;
        if (!(input instanceof Map)) {
            payload.issues.push({
                expected: "map",
                code: "invalid_type",
                input,
                inst,
            });
            return payload;
        }
        const proms = [];
        payload.value = memo ? memo.alloc(inst, payload, new Map(), ctx) : new Map();
        const abortEarly = ctx?.abortEarly;
        let seen = payload.issues.length;
        for (const [key, value] of input) {
            if (abortEarly && payload.issues.length !== seen) {
                if (util.aborted(payload, seen))
                    break;
                seen = payload.issues.length;
            }
            const keyResult = def.keyType._zod.run({ value: key, issues: [] }, ctx);
            const valueResult = def.valueType._zod.run({ value: value, issues: [] }, ctx);
            if (keyResult instanceof Promise || valueResult instanceof Promise) {
                proms.push(Promise.all([keyResult, valueResult]).then(([keyResult, valueResult]) => {
                    handleMapResult(keyResult, valueResult, payload, key, input, inst, ctx);
                }));
            }
            else {
                handleMapResult(keyResult, valueResult, payload, key, input, inst, ctx);
            }
        }
        if (proms.length)
            return Promise.all(proms).then(() => payload);
        return payload;
    };
    capSize(inst, mapSize);
})));
function handleMapResult(keyResult, valueResult, final, key, input, inst, ctx) {
    if (keyResult.issues.length) {
        if (util.propertyKeyTypes.has(typeof key)) {
            final.issues.push(...util.prefixIssues(key, keyResult.issues));
        }
        else {
            final.issues.push({
                code: "invalid_key",
                origin: "map",
                input,
                inst,
                issues: keyResult.issues.map((iss) => util.finalizeIssue(iss, ctx, core.config())),
            });
        }
    }
    if (valueResult.issues.length) {
        if (util.propertyKeyTypes.has(typeof key)) {
            final.issues.push(...util.prefixIssues(key, valueResult.issues));
        }
        else {
            final.issues.push({
                origin: "map",
                code: "invalid_element",
                input,
                inst,
                key: key,
                issues: valueResult.issues.map((iss) => util.finalizeIssue(iss, ctx, core.config())),
            });
        }
    }
    final.value.set(keyResult.value, valueResult.value);
}
const $ZodSet = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodSet", (inst, def) => {
    $ZodType.init(inst, def);
    const memo = core.globalConfig.memoizer;
    memo?.attach(inst);
    inst._zod.parse = (payload, ctx) => {
        const input = payload.value;
        if (!(input instanceof Set)) {
            payload.issues.push({
                input,
                inst,
                expected: "set",
                code: "invalid_type",
            });
            return payload;
        }
        const proms = [];
        payload.value = memo ? memo.alloc(inst, payload, new Set(), ctx) : new Set();
        const abortEarly = ctx?.abortEarly;
        let seen = payload.issues.length;
        for (const item of input) {
            if (abortEarly && payload.issues.length !== seen) {
                if (util.aborted(payload, seen))
                    break;
                seen = payload.issues.length;
            }
            const result = def.valueType._zod.run({ value: item, issues: [] }, ctx);
            if (result instanceof Promise) {
                proms.push(result.then((result) => handleSetResult(result, payload)));
            }
            else
                handleSetResult(result, payload);
        }
        if (proms.length)
            return Promise.all(proms).then(() => payload);
        return payload;
    };
    capSize(inst, setSize);
})));
function handleSetResult(result, final) {
    if (result.issues.length) {
        final.issues.push(...result.issues);
    }
    final.value.add(result.value);
}
const $ZodEnum = /*@__PURE__*/ $constructor("$ZodEnum", (inst, def) => {
    $ZodType.init(inst, def);
    const values = getEnumValues(def.entries);
    const valuesSet = new Set(values);
    inst._zod.values = valuesSet;
    defineLazyInternal(inst, "pattern", (zod) => {
        const patternValues = getEnumValues(zod.def.entries).filter((k) => propertyKeyTypes.has(typeof k));
        // unmatchable fallback, RE2-safe: an empty alternation would compile to /^()$/, which matches ""
        return new RegExp(patternValues.length ? `^(${patternValues.map((o) => escapeRegex(o.toString())).join("|")})$` : "^[^\\s\\S]$");
    });
    inst._zod.parse = (payload, _ctx) => {
        const input = payload.value;
        if (valuesSet.has(input)) {
            return payload;
        }
        payload.issues.push({
            code: "invalid_value",
            values,
            input,
            inst,
        });
        return payload;
    };
});
const $ZodLiteral = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodLiteral", (inst, def) => {
    $ZodType.init(inst, def);
    const values = new Set(def.values);
    inst._zod.values = values;
    util.defineLazyInternal(inst, "pattern", (zod) => {
        const vals = zod.def.values;
        // unmatchable fallback, RE2-safe: an empty alternation would compile to /^()$/, which matches ""
        return new RegExp(vals.length
            ? `^(${vals
                .map((o) => typeof o === "string" ? util.escapeRegex(o) : o ? util.escapeRegex(o.toString()) : String(o))
                .join("|")})$`
            : "^[^\\s\\S]$");
    });
    inst._zod.parse = (payload, _ctx) => {
        const input = payload.value;
        if (values.has(input)) {
            return payload;
        }
        payload.issues.push({
            code: "invalid_value",
            values: def.values,
            input,
            inst,
        });
        return payload;
    };
})));
const $ZodFile = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodFile", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.parse = (payload, _ctx) => {
        const input = payload.value;
        // @ts-ignore
        if (input instanceof File)
            return payload;
        payload.issues.push({
            expected: "file",
            code: "invalid_type",
            input,
            inst,
        });
        return payload;
    };
})));
const $ZodTransform = /*@__PURE__*/ $constructor("$ZodTransform", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.optin = "optional";
    globalConfig.memoizer?.guard(inst);
    inst._zod.parse = (payload, ctx) => {
        if (ctx.direction === "backward") {
            throw new $ZodEncodeError(inst.constructor.name);
        }
        const _out = def.transform(payload.value, payload);
        if (ctx.async) {
            const output = _out instanceof Promise ? _out : Promise.resolve(_out);
            return output.then((output) => {
                payload.value = output;
                return payload;
            });
        }
        if (_out instanceof Promise) {
            throw new $ZodAsyncError();
        }
        payload.value = _out;
        return payload;
    };
});
function handleOptionalResult(payload, result) {
    // A substituting schema that still failed has no usable answer; yield undefined. Its issues are simply dropped: it ran on a payload of its own, so there is no shared array to truncate and nothing of the caller's to lose with it.
    payload.value = result.issues.length ? undefined : result.value;
    return payload;
}
const $ZodOptional = /*@__PURE__*/ $constructor("$ZodOptional", (inst, def) => {
    $ZodType.init(inst, def);
    // .optional() propagates absence rather than substituting for it, so a defaulted inner keeps its rung.
    defineLazyInternal(inst, "optin", (zod) => zod.def.innerType._zod.optin === "defaulted" ? "defaulted" : "optional");
    inst._zod.optout = "optional";
    defineLazyInternal(inst, "values", (zod) => {
        const values = zod.def.innerType._zod.values;
        return values ? new Set([...values, undefined]) : undefined;
    });
    defineLazyInternal(inst, "pattern", (zod) => {
        const pattern = zod.def.innerType._zod.pattern;
        return pattern ? new RegExp(`^(${cleanRegex(pattern.source)})?$`) : undefined;
    });
    inst._zod.parse = (payload, ctx) => {
        if (payload.value === undefined) {
            // Only the top rung substitutes a value for absence; everything else leaves it intact, which is what .optional() means.
            if (def.innerType._zod.optin !== "defaulted")
                return payload;
            // Its own payload, for the same reason $ZodCatch gets one: a pipe forwards an unrecognized key through the caller's issues array, and this must not read that as the substituting schema failing and drop it.
            const result = def.innerType._zod.run({ value: payload.value, issues: [] }, ctx);
            if (result instanceof Promise)
                return result.then((result) => handleOptionalResult(payload, result));
            return handleOptionalResult(payload, result);
        }
        return def.innerType._zod.run(payload, ctx);
    };
});
const $ZodExactOptional = /*@__PURE__*/ $constructor("$ZodExactOptional", (inst, def) => {
    // Call parent init - inherits optin/optout = "optional"
    $ZodOptional.init(inst, def);
    // Override values/pattern to NOT add undefined
    defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
    defineLazyInternal(inst, "pattern", (zod) => zod.def.innerType._zod.pattern);
    // Override parse to just delegate (no undefined handling)
    inst._zod.parse = (payload, ctx) => {
        return def.innerType._zod.run(payload, ctx);
    };
});
const $ZodNullable = /*@__PURE__*/ $constructor("$ZodNullable", (inst, def) => {
    $ZodType.init(inst, def);
    defineLazyInternal(inst, "optin", (zod) => zod.def.innerType._zod.optin);
    defineLazyInternal(inst, "optout", (zod) => zod.def.innerType._zod.optout);
    defineLazyInternal(inst, "pattern", (zod) => {
        const pattern = zod.def.innerType._zod.pattern;
        return pattern ? new RegExp(`^(${cleanRegex(pattern.source)}|null)$`) : undefined;
    });
    defineLazyInternal(inst, "values", (zod) => {
        return zod.def.innerType._zod.values ? new Set([...zod.def.innerType._zod.values, null]) : undefined;
    });
    inst._zod.parse = (payload, ctx) => {
        // Forward direction (decode): allow null to pass through
        if (payload.value === null)
            return payload;
        return def.innerType._zod.run(payload, ctx);
    };
});
const $ZodDefault = /*@__PURE__*/ $constructor("$ZodDefault", (inst, def) => {
    $ZodType.init(inst, def);
    // inst._zod.qin = "true";
    inst._zod.optin = "defaulted";
    defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
    inst._zod.parse = (payload, ctx) => {
        if (ctx.direction === "backward") {
            return def.innerType._zod.run(payload, ctx);
        }
        // Forward direction (decode): apply defaults for undefined input
        if (payload.value === undefined) {
            payload.value = def.defaultValue;
            /**
             * $ZodDefault returns the default value immediately in forward direction.
             * It doesn't pass the default value into the validator ("prefault"). There's no reason to pass the default value through validation. The validity of the default is enforced by TypeScript statically. Otherwise, it's the responsibility of the user to ensure the default is valid. In the case of pipes with divergent in/out types, you can specify the default on the `in` schema of your ZodPipe to set a "prefault" for the pipe.   */
            return payload;
        }
        // Forward direction: continue with default handling
        const result = def.innerType._zod.run(payload, ctx);
        if (result instanceof Promise) {
            return result.then((result) => handleDefaultResult(result, def));
        }
        return handleDefaultResult(result, def);
    };
});
function handleDefaultResult(payload, def) {
    if (payload.value === undefined) {
        payload.value = def.defaultValue;
    }
    return payload;
}
const $ZodPrefault = /*@__PURE__*/ $constructor("$ZodPrefault", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.optin = "defaulted";
    defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
    inst._zod.parse = (payload, ctx) => {
        if (ctx.direction === "backward") {
            return def.innerType._zod.run(payload, ctx);
        }
        // Forward direction (decode): apply prefault for undefined input
        if (payload.value === undefined) {
            payload.value = def.defaultValue;
        }
        return def.innerType._zod.run(payload, ctx);
    };
});
const $ZodNonOptional = /*@__PURE__*/ $constructor("$ZodNonOptional", (inst, def) => {
    $ZodType.init(inst, def);
    defineLazyInternal(inst, "values", (zod) => {
        const v = zod.def.innerType._zod.values;
        return v ? new Set([...v].filter((x) => x !== undefined)) : undefined;
    });
    inst._zod.parse = (payload, ctx) => {
        const result = def.innerType._zod.run(payload, ctx);
        if (result instanceof Promise) {
            return result.then((result) => handleNonOptionalResult(result, inst));
        }
        return handleNonOptionalResult(result, inst);
    };
});
function handleNonOptionalResult(payload, inst) {
    if (!payload.issues.length && payload.value === undefined) {
        payload.issues.push({
            code: "invalid_type",
            expected: "nonoptional",
            input: payload.value,
            inst,
        });
    }
    return payload;
}
const $ZodSuccess = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodSuccess", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.parse = (payload, ctx) => {
        if (ctx.direction === "backward") {
            throw new core.$ZodEncodeError("ZodSuccess");
        }
        const result = def.innerType._zod.run(payload, ctx);
        if (result instanceof Promise) {
            return result.then((result) => {
                payload.value = result.issues.length === 0;
                return payload;
            });
        }
        payload.value = result.issues.length === 0;
        return payload;
    };
})));
function handleCatchResult(payload, result, def, ctx) {
    if (!result.issues.length) {
        payload.value = result.value;
        // The value carries up, so the flag describing it has to carry with it: a back-edge into a node still being parsed must not be frozen by an enclosing readonly, and its checks belong to the node itself. Guarded so the ordinary case adds no own property.
        if (result.memo)
            payload.memo = true;
        return payload;
    }
    // Spread the inner's own payload, not ours: `value` has to stay the input the catch was handed, and the inner ran on a payload of its own so its issues are already private to this call.
    payload.value = def.catchValue({
        ...result,
        value: payload.value,
        error: {
            issues: result.issues.map((iss) => finalizeIssue(iss, ctx, config())),
        },
        input: payload.value,
    });
    return payload;
}
const $ZodCatch = /*@__PURE__*/ $constructor("$ZodCatch", (inst, def) => {
    $ZodType.init(inst, def);
    defineLazyInternal(inst, "optin", (zod) => zod.def.innerType._zod.optin === "defaulted" ? "defaulted" : "optional");
    defineLazyInternal(inst, "optout", (zod) => zod.def.innerType._zod.optout);
    defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
    inst._zod.parse = (payload, ctx) => {
        if (ctx.direction === "backward") {
            return def.innerType._zod.run(payload, ctx);
        }
        // Forward direction (decode): apply catch logic
        const result = def.innerType._zod.run({ value: payload.value, issues: [] }, ctx);
        if (result instanceof Promise) {
            return result.then((result) => handleCatchResult(payload, result, def, ctx));
        }
        return handleCatchResult(payload, result, def, ctx);
    };
});
const $ZodNaN = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodNaN", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.parse = (payload, _ctx) => {
        if (typeof payload.value !== "number" || !Number.isNaN(payload.value)) {
            payload.issues.push({
                input: payload.value,
                inst,
                expected: "nan",
                code: "invalid_type",
            });
            return payload;
        }
        return payload;
    };
})));
const $ZodPipe = /*@__PURE__*/ $constructor("$ZodPipe", (inst, def) => {
    $ZodType.init(inst, def);
    defineLazyInternal(inst, "values", (zod) => zod.def.in._zod.values);
    defineLazyInternal(inst, "optin", (zod) => zod.def.in._zod.optin);
    defineLazyInternal(inst, "optout", (zod) => zod.def.out._zod.optout);
    defineLazyInternal(inst, "propValues", (zod) => zod.def.in._zod.propValues);
    inst._zod.parse = (payload, ctx) => {
        if (ctx.direction === "backward") {
            const right = def.out._zod.run(payload, ctx);
            if (right instanceof Promise) {
                return right.then((right) => handlePipeResult(right, def.in, ctx));
            }
            return handlePipeResult(right, def.in, ctx);
        }
        const left = def.in._zod.run(payload, ctx);
        if (left instanceof Promise) {
            return left.then((left) => handlePipeResult(left, def.out, ctx));
        }
        return handlePipeResult(left, def.out, ctx);
    };
});
function handlePipeResult(left, next, ctx) {
    // Any issue stops the pipe, so a failing refinement never feeds its transform. An unrecognized key is the exception: it describes the input's extra properties, not the value being piped, and an enclosing intersection may yet reconcile it.
    if (left.issues.some((iss) => iss.code !== "unrecognized_keys")) {
        // prevent further checks
        left.aborted = true;
        return left;
    }
    return next._zod.run({ value: left.value, issues: left.issues }, ctx);
}
const $ZodCodec = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodCodec", (inst, def) => {
    $ZodType.init(inst, def);
    util.defineLazyInternal(inst, "values", (zod) => zod.def.in._zod.values);
    util.defineLazyInternal(inst, "optin", (zod) => zod.def.in._zod.optin);
    util.defineLazyInternal(inst, "optout", (zod) => zod.def.out._zod.optout);
    util.defineLazyInternal(inst, "propValues", (zod) => zod.def.in._zod.propValues);
    inst._zod.parse = (payload, ctx) => {
        const direction = ctx.direction || "forward";
        if (direction === "forward") {
            const left = def.in._zod.run(payload, ctx);
            if (left instanceof Promise) {
                return left.then((left) => handleCodecAResult(left, def, ctx));
            }
            return handleCodecAResult(left, def, ctx);
        }
        else {
            const right = def.out._zod.run(payload, ctx);
            if (right instanceof Promise) {
                return right.then((right) => handleCodecAResult(right, def, ctx));
            }
            return handleCodecAResult(right, def, ctx);
        }
    };
})));
function handleCodecAResult(result, def, ctx) {
    if (result.issues.length) {
        // prevent further checks
        result.aborted = true;
        return result;
    }
    const direction = ctx.direction || "forward";
    if (direction === "forward") {
        const transformed = def.transform(result.value, result);
        if (transformed instanceof Promise) {
            return transformed.then((value) => handleCodecTxResult(result, value, def.out, ctx));
        }
        return handleCodecTxResult(result, transformed, def.out, ctx);
    }
    else {
        const transformed = def.reverseTransform(result.value, result);
        if (transformed instanceof Promise) {
            return transformed.then((value) => handleCodecTxResult(result, value, def.in, ctx));
        }
        return handleCodecTxResult(result, transformed, def.in, ctx);
    }
}
function handleCodecTxResult(left, value, nextSchema, ctx) {
    // Check if transform added any issues
    if (left.issues.length) {
        left.aborted = true;
        return left;
    }
    return nextSchema._zod.run({ value, issues: left.issues }, ctx);
}
const $ZodPreprocess = /*@__PURE__*/ $constructor("$ZodPreprocess", (inst, def) => {
    $ZodPipe.init(inst, def);
});
const $ZodReadonly = /*@__PURE__*/ $constructor("$ZodReadonly", (inst, def) => {
    $ZodType.init(inst, def);
    defineLazyInternal(inst, "propValues", (zod) => zod.def.innerType._zod.propValues);
    defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
    defineLazyInternal(inst, "optin", (zod) => zod.def.innerType?._zod?.optin);
    defineLazyInternal(inst, "optout", (zod) => zod.def.innerType?._zod?.optout);
    inst._zod.parse = (payload, ctx) => {
        if (ctx.direction === "backward") {
            return def.innerType._zod.run(payload, ctx);
        }
        const result = def.innerType._zod.run(payload, ctx);
        if (result instanceof Promise) {
            return result.then(handleReadonlyResult);
        }
        return handleReadonlyResult(result);
    };
});
function handleReadonlyResult(payload) {
    // A repeat visit hands back a node that is still being built; freezing it here would make the rest of its keys fail to assign.
    if (!payload.memo)
        payload.value = Object.freeze(payload.value);
    return payload;
}
// a leaf's pattern source with its own checks folded in: the last pattern-carrying check wins, else length bounds narrow the catch-all, else an integer format narrows the number form. the fold lives here instead of on `_zod.pattern` so a bundle without template literals never pays for it
function leafPattern(schema) {
    const def = schema._zod.def;
    let pattern = def.pattern;
    let isInt = !!def.format?.includes("int");
    let minimum;
    let maximum;
    for (const ch of def.checks ?? []) {
        const d = ch._zod.def;
        if (d.pattern)
            pattern = d.pattern;
        isInt || (isInt = !!d.format?.includes("int"));
        const lo = d.minimum ?? d.length;
        const hi = d.maximum ?? d.length;
        if (lo !== undefined && (minimum === undefined || lo > minimum))
            minimum = lo;
        if (hi !== undefined && (maximum === undefined || hi < maximum))
            maximum = hi;
    }
    if (pattern)
        return pattern.source;
    // an empty range matches nothing at runtime, and `{8,5}` is not a legal quantifier
    if (minimum !== undefined && maximum !== undefined && minimum > maximum)
        return "(?!)";
    if (minimum !== undefined || maximum !== undefined)
        return regexes.string({ minimum, maximum }).source;
    const own = schema._zod.pattern;
    return (isInt && own === regexes.number ? regexes.integer : own)?.source;
}
// a part's pattern source. a wrapper's pattern embeds its inner pattern's source verbatim, so the folded form is substituted in place without knowing the wrapper's own composition; a union's options are joined the way the union builds its own pattern
function partPattern(schema) {
    const def = schema._zod.def;
    const own = schema._zod.pattern?.source;
    // lazy resolves its inner on the internals, not the def
    const inner = def.innerType ?? schema._zod.innerType;
    if (inner) {
        const before = inner._zod.pattern?.source;
        const after = partPattern(inner);
        if (own && before && after && after !== before) {
            return own.replace(util.cleanRegex(before), () => util.cleanRegex(after));
        }
        return own;
    }
    if (def.options) {
        const sources = def.options.map(partPattern);
        if (sources.every(Boolean))
            return `^(${sources.map((s) => util.cleanRegex(s)).join("|")})$`;
    }
    return leafPattern(schema);
}
const $ZodTemplateLiteral = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodTemplateLiteral", (inst, def) => {
    $ZodType.init(inst, def);
    const regexParts = [];
    for (const part of def.parts) {
        if (typeof part === "object" && part !== null) {
            // is Zod schema
            const source = partPattern(part);
            if (!source) {
                throw new Error(`Invalid template literal part, no pattern found: ${[...part._zod.traits].shift()}`);
            }
            regexParts.push(util.cleanRegex(source));
        }
        else if (part === null || util.primitiveTypes.has(typeof part)) {
            regexParts.push(util.escapeRegex(`${part}`));
        }
        else {
            throw new Error(`Invalid template literal part: ${part}`);
        }
    }
    inst._zod.pattern = new RegExp(`^${regexParts.join("")}$`);
    inst._zod.parse = (payload, _ctx) => {
        if (typeof payload.value !== "string") {
            payload.issues.push({
                input: payload.value,
                inst,
                expected: "string",
                code: "invalid_type",
            });
            return payload;
        }
        inst._zod.pattern.lastIndex = 0;
        if (!inst._zod.pattern.test(payload.value)) {
            payload.issues.push({
                input: payload.value,
                inst,
                code: "invalid_format",
                format: def.format ?? "template_literal",
                pattern: inst._zod.pattern.source,
            });
            return payload;
        }
        return payload;
    };
})));
const $ZodFunction = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodFunction", (inst, def) => {
    $ZodType.init(inst, def);
    // Defined, not assigned: the classic prototype exposes `_def` as a getter with no setter.
    Object.defineProperty(inst, "_def", { value: def });
    inst._zod.def = def;
    inst.implement = (func) => {
        if (typeof func !== "function") {
            throw new Error("implement() must be called with a function");
        }
        // Defined inline so the closure stays anonymous: binding it to a `const` first names it, which costs 256 bytes per implemented function.
        return Object.defineProperty(function (...args) {
            const parsedArgs = inst._def.input ? parse(inst._def.input, args) : args;
            const result = Reflect.apply(func, this, parsedArgs);
            if (inst._def.output) {
                return parse(inst._def.output, result);
            }
            return result;
        }, "_zod", { value: inst._zod, enumerable: false });
    };
    inst.implementAsync = (func) => {
        if (typeof func !== "function") {
            throw new Error("implementAsync() must be called with a function");
        }
        return Object.defineProperty(async function (...args) {
            const parsedArgs = inst._def.input ? await parseAsync(inst._def.input, args) : args;
            const result = await Reflect.apply(func, this, parsedArgs);
            if (inst._def.output) {
                return await parseAsync(inst._def.output, result);
            }
            return result;
        }, "_zod", { value: inst._zod, enumerable: false });
    };
    inst._zod.parse = (payload, _ctx) => {
        if (typeof payload.value !== "function") {
            payload.issues.push({
                code: "invalid_type",
                expected: "function",
                input: payload.value,
                inst,
            });
            return payload;
        }
        // Check if output is a promise type to determine if we should use async implementation
        const hasPromiseOutput = inst._def.output && inst._def.output._zod.def.type === "promise";
        if (hasPromiseOutput) {
            payload.value = inst.implementAsync(payload.value);
        }
        else {
            payload.value = inst.implement(payload.value);
        }
        return payload;
    };
    inst.input = (...args) => {
        const F = inst.constructor;
        if (Array.isArray(args[0])) {
            return new F({
                type: "function",
                input: new $ZodTuple({
                    type: "tuple",
                    items: args[0],
                    rest: args[1],
                }),
                output: inst._def.output,
            });
        }
        return new F({
            type: "function",
            input: args[0],
            output: inst._def.output,
        });
    };
    inst.output = (output) => {
        const F = inst.constructor;
        return new F({
            type: "function",
            input: inst._def.input,
            output,
        });
    };
    return inst;
})));
const $ZodPromise = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodPromise", (inst, def) => {
    $ZodType.init(inst, def);
    inst._zod.parse = (payload, ctx) => {
        return Promise.resolve(payload.value).then((inner) => def.innerType._zod.run({ value: inner, issues: [] }, ctx));
    };
})));
const $ZodLazy = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("$ZodLazy", (inst, def) => {
    $ZodType.init(inst, def);
    // Cache the resolved inner type on the shared `def` so all clones of this lazy (e.g. via `.describe()`/`.meta()`) share the same inner instance, preserving identity for cycle detection on recursive schemas.
    util.defineLazy(inst._zod, "innerType", () => {
        const d = def;
        if (!d._cachedInner)
            d._cachedInner = def.getter();
        return d._cachedInner;
    });
    util.defineLazyInternal(inst, "pattern", (zod) => zod.innerType?._zod?.pattern);
    util.defineLazyInternal(inst, "propValues", (zod) => zod.innerType?._zod?.propValues);
    util.defineLazyInternal(inst, "optin", (zod) => zod.innerType?._zod?.optin ?? undefined);
    util.defineLazyInternal(inst, "optout", (zod) => zod.innerType?._zod?.optout ?? undefined);
    inst._zod.parse = (payload, ctx) => {
        const inner = inst._zod.innerType;
        return inner._zod.run(payload, ctx);
    };
})));
const $ZodCustom = /*@__PURE__*/ $constructor("$ZodCustom", (inst, def) => {
    $ZodCheck.init(inst, def);
    $ZodType.init(inst, def);
    inst._zod.parse = (payload, _) => {
        return payload;
    };
    inst._zod.check = (payload) => {
        const input = payload.value;
        const r = def.fn(input);
        if (r instanceof Promise) {
            return r.then((r) => handleRefineResult(r, payload, input, inst));
        }
        handleRefineResult(r, payload, input, inst);
        return;
    };
});
function handleRefineResult(result, payload, input, inst) {
    if (!result) {
        const _iss = {
            code: "custom",
            input,
            inst, // incorporates params.error into issue reporting
            path: [...(inst._zod.def.path ?? [])], // incorporates params.error into issue reporting
            continue: !inst._zod.def.abort,
            // params: inst._zod.def.params,
        };
        if (inst._zod.def.params)
            _iss.params = inst._zod.def.params;
        payload.issues.push(util_issue(_iss));
    }
}

;// CONCATENATED MODULE: ./node_modules/zod/v4/core/registries.js
var registries_a;
const $output = /*@__PURE__*/ (/* unused pure expression or super */ null && (Symbol("ZodOutput")));
const $input = /*@__PURE__*/ (/* unused pure expression or super */ null && (Symbol("ZodInput")));
class $ZodRegistry {
    constructor() {
        this._map = new WeakMap();
        this._idmap = new Map();
    }
    add(schema, ..._meta) {
        const meta = _meta[0];
        this._map.set(schema, meta);
        if (meta && typeof meta === "object" && "id" in meta) {
            this._idmap.set(meta.id, schema);
        }
        return this;
    }
    clear() {
        this._map = new WeakMap();
        this._idmap = new Map();
        return this;
    }
    remove(schema) {
        const meta = this._map.get(schema);
        if (meta && typeof meta === "object" && "id" in meta) {
            this._idmap.delete(meta.id);
        }
        this._map.delete(schema);
        return this;
    }
    get(schema) {
        // return this._map.get(schema) as any;
        // inherit metadata
        const p = schema._zod.parent;
        if (p) {
            const pm = { ...(this.get(p) ?? {}) };
            delete pm.id; // do not inherit id
            const f = { ...pm, ...this._map.get(schema) };
            return Object.keys(f).length ? f : undefined;
        }
        return this._map.get(schema);
    }
    has(schema) {
        return this._map.has(schema);
    }
}
// registries
function registry() {
    return new $ZodRegistry();
}
(registries_a = globalThis).__zod_globalRegistry ?? (registries_a.__zod_globalRegistry = registry());
const globalRegistry = globalThis.__zod_globalRegistry;

;// CONCATENATED MODULE: ./node_modules/zod/v4/core/api.js




function snapshotChecks(def) {
    if (def.checks)
        def.checks = [...def.checks];
    return def;
}
// @__NO_SIDE_EFFECTS__
function _string(Class, params) {
    return new Class(snapshotChecks({ type: "string", ...normalizeParams(params) }));
}
// @__NO_SIDE_EFFECTS__
function _coercedString(Class, params) {
    return new Class(snapshotChecks({ type: "string", coerce: true, ...util.normalizeParams(params) }));
}
// @__NO_SIDE_EFFECTS__
function _email(Class, params) {
    return new Class({
        type: "string",
        format: "email",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _guid(Class, params) {
    return new Class({
        type: "string",
        format: "guid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _uuid(Class, params) {
    return new Class({
        type: "string",
        format: "uuid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _uuidv4(Class, params) {
    return new Class({
        type: "string",
        format: "uuid",
        check: "string_format",
        abort: false,
        version: "v4",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _uuidv6(Class, params) {
    return new Class({
        type: "string",
        format: "uuid",
        check: "string_format",
        abort: false,
        version: "v6",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _uuidv7(Class, params) {
    return new Class({
        type: "string",
        format: "uuid",
        check: "string_format",
        abort: false,
        version: "v7",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _url(Class, params) {
    return new Class({
        type: "string",
        format: "url",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function api_emoji(Class, params) {
    return new Class({
        type: "string",
        format: "emoji",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _nanoid(Class, params) {
    return new Class({
        type: "string",
        format: "nanoid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
/**
 * @deprecated CUID v1 is deprecated by its authors due to information leakage
 * (timestamps embedded in the id). Use {@link _cuid2} instead.
 * See https://github.com/paralleldrive/cuid.
 */
// @__NO_SIDE_EFFECTS__
function _cuid(Class, params) {
    return new Class({
        type: "string",
        format: "cuid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _cuid2(Class, params) {
    return new Class({
        type: "string",
        format: "cuid2",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _ulid(Class, params) {
    return new Class({
        type: "string",
        format: "ulid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _xid(Class, params) {
    return new Class({
        type: "string",
        format: "xid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _ksuid(Class, params) {
    return new Class({
        type: "string",
        format: "ksuid",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _ipv4(Class, params) {
    return new Class({
        type: "string",
        format: "ipv4",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _ipv6(Class, params) {
    return new Class({
        type: "string",
        format: "ipv6",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _mac(Class, params) {
    return new Class({
        type: "string",
        format: "mac",
        check: "string_format",
        abort: false,
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _cidrv4(Class, params) {
    return new Class({
        type: "string",
        format: "cidrv4",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _cidrv6(Class, params) {
    return new Class({
        type: "string",
        format: "cidrv6",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _base64(Class, params) {
    return new Class({
        type: "string",
        format: "base64",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _base64url(Class, params) {
    return new Class({
        type: "string",
        format: "base64url",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _e164(Class, params) {
    return new Class({
        type: "string",
        format: "e164",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _creditCard(Class, params) {
    return new Class({
        type: "string",
        format: "credit_card",
        check: "string_format",
        abort: false,
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _iban(Class, params) {
    return new Class({
        type: "string",
        format: "iban",
        check: "string_format",
        abort: false,
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _jwt(Class, params) {
    return new Class({
        type: "string",
        format: "jwt",
        check: "string_format",
        abort: false,
        ...normalizeParams(params),
    });
}
const TimePrecision = {
    Any: null,
    Minute: -1,
    Second: 0,
    Millisecond: 3,
    Microsecond: 6,
};
// @__NO_SIDE_EFFECTS__
function _isoDateTime(Class, params) {
    return new Class({
        type: "string",
        format: "datetime",
        check: "string_format",
        offset: false,
        local: false,
        precision: null,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _isoDate(Class, params) {
    return new Class({
        type: "string",
        format: "date",
        check: "string_format",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _isoTime(Class, params) {
    return new Class({
        type: "string",
        format: "time",
        check: "string_format",
        precision: null,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _isoDuration(Class, params) {
    return new Class({
        type: "string",
        format: "duration",
        check: "string_format",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _number(Class, params) {
    return new Class(snapshotChecks({ type: "number", checks: [], ...util.normalizeParams(params) }));
}
// @__NO_SIDE_EFFECTS__
function _coercedNumber(Class, params) {
    return new Class(snapshotChecks({ type: "number", coerce: true, checks: [], ...util.normalizeParams(params) }));
}
// @__NO_SIDE_EFFECTS__
function _int(Class, params) {
    return new Class({
        type: "number",
        check: "number_format",
        abort: false,
        format: "safeint",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _float32(Class, params) {
    return new Class({
        type: "number",
        check: "number_format",
        abort: false,
        format: "float32",
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _float64(Class, params) {
    return new Class({
        type: "number",
        check: "number_format",
        abort: false,
        format: "float64",
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _int32(Class, params) {
    return new Class({
        type: "number",
        check: "number_format",
        abort: false,
        format: "int32",
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _uint32(Class, params) {
    return new Class({
        type: "number",
        check: "number_format",
        abort: false,
        format: "uint32",
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _boolean(Class, params) {
    return new Class({
        type: "boolean",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _coercedBoolean(Class, params) {
    return new Class({
        type: "boolean",
        coerce: true,
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _bigint(Class, params) {
    return new Class({
        type: "bigint",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _coercedBigint(Class, params) {
    return new Class({
        type: "bigint",
        coerce: true,
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _int64(Class, params) {
    return new Class({
        type: "bigint",
        check: "bigint_format",
        abort: false,
        format: "int64",
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _uint64(Class, params) {
    return new Class({
        type: "bigint",
        check: "bigint_format",
        abort: false,
        format: "uint64",
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _symbol(Class, params) {
    return new Class({
        type: "symbol",
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function api_undefined(Class, params) {
    return new Class({
        type: "undefined",
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function api_null(Class, params) {
    return new Class({
        type: "null",
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _any(Class) {
    return new Class({
        type: "any",
    });
}
// @__NO_SIDE_EFFECTS__
function _unknown(Class) {
    return new Class({
        type: "unknown",
    });
}
// @__NO_SIDE_EFFECTS__
function _never(Class, params) {
    return new Class({
        type: "never",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _void(Class, params) {
    return new Class({
        type: "void",
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _date(Class, params) {
    return new Class({
        type: "date",
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _coercedDate(Class, params) {
    return new Class({
        type: "date",
        coerce: true,
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _nan(Class, params) {
    return new Class({
        type: "nan",
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _lt(value, params) {
    return new $ZodCheckLessThan({
        check: "less_than",
        ...normalizeParams(params),
        value,
        inclusive: false,
    });
}
// @__NO_SIDE_EFFECTS__
function _lte(value, params) {
    return new $ZodCheckLessThan({
        check: "less_than",
        ...normalizeParams(params),
        value,
        inclusive: true,
    });
}

// @__NO_SIDE_EFFECTS__
function _gt(value, params) {
    return new $ZodCheckGreaterThan({
        check: "greater_than",
        ...normalizeParams(params),
        value,
        inclusive: false,
    });
}
// @__NO_SIDE_EFFECTS__
function _gte(value, params) {
    return new $ZodCheckGreaterThan({
        check: "greater_than",
        ...normalizeParams(params),
        value,
        inclusive: true,
    });
}

// @__NO_SIDE_EFFECTS__
function _positive(params) {
    return _gt(0, params);
}
// negative
// @__NO_SIDE_EFFECTS__
function _negative(params) {
    return _lt(0, params);
}
// nonpositive
// @__NO_SIDE_EFFECTS__
function _nonpositive(params) {
    return _lte(0, params);
}
// nonnegative
// @__NO_SIDE_EFFECTS__
function _nonnegative(params) {
    return _gte(0, params);
}
// @__NO_SIDE_EFFECTS__
function _multipleOf(value, params) {
    return new $ZodCheckMultipleOf({
        check: "multiple_of",
        ...normalizeParams(params),
        value,
    });
}
// @__NO_SIDE_EFFECTS__
function _maxSize(maximum, params) {
    return new checks.$ZodCheckMaxSize({
        check: "max_size",
        ...util.normalizeParams(params),
        maximum,
    });
}
// @__NO_SIDE_EFFECTS__
function _minSize(minimum, params) {
    return new checks.$ZodCheckMinSize({
        check: "min_size",
        ...util.normalizeParams(params),
        minimum,
    });
}
// @__NO_SIDE_EFFECTS__
function _size(size, params) {
    return new checks.$ZodCheckSizeEquals({
        check: "size_equals",
        ...util.normalizeParams(params),
        size,
    });
}
// @__NO_SIDE_EFFECTS__
function _maxLength(maximum, params) {
    const ch = new $ZodCheckMaxLength({
        check: "max_length",
        ...normalizeParams(params),
        maximum,
    });
    return ch;
}
// @__NO_SIDE_EFFECTS__
function _minLength(minimum, params) {
    return new $ZodCheckMinLength({
        check: "min_length",
        ...normalizeParams(params),
        minimum,
    });
}
// @__NO_SIDE_EFFECTS__
function _length(length, params) {
    return new $ZodCheckLengthEquals({
        check: "length_equals",
        ...normalizeParams(params),
        length,
    });
}
// @__NO_SIDE_EFFECTS__
function _regex(pattern, params) {
    return new $ZodCheckRegex({
        check: "string_format",
        format: "regex",
        ...normalizeParams(params),
        pattern,
    });
}
// @__NO_SIDE_EFFECTS__
function _lowercase(params) {
    return new $ZodCheckLowerCase({
        check: "string_format",
        format: "lowercase",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _uppercase(params) {
    return new $ZodCheckUpperCase({
        check: "string_format",
        format: "uppercase",
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _includes(includes, params) {
    return new $ZodCheckIncludes({
        check: "string_format",
        format: "includes",
        ...normalizeParams(params),
        includes,
    });
}
// @__NO_SIDE_EFFECTS__
function _startsWith(prefix, params) {
    return new $ZodCheckStartsWith({
        check: "string_format",
        format: "starts_with",
        ...normalizeParams(params),
        prefix,
    });
}
// @__NO_SIDE_EFFECTS__
function _endsWith(suffix, params) {
    return new $ZodCheckEndsWith({
        check: "string_format",
        format: "ends_with",
        ...normalizeParams(params),
        suffix,
    });
}
// @__NO_SIDE_EFFECTS__
function _property(property, schema, params) {
    return new checks.$ZodCheckProperty({
        check: "property",
        property,
        schema,
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _properties(shape, params) {
    return new $ZodCheckProperties({
        check: "properties",
        shape,
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _mime(types, params) {
    return new checks.$ZodCheckMimeType({
        check: "mime_type",
        mime: types,
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _overwrite(tx) {
    return new $ZodCheckOverwrite({
        check: "overwrite",
        tx,
    });
}
// normalize
// @__NO_SIDE_EFFECTS__
function _normalize(form) {
    return _overwrite((input) => input.normalize(form));
}
// trim
// @__NO_SIDE_EFFECTS__
function _trim() {
    return _overwrite((input) => input.trim());
}
// toLowerCase
// @__NO_SIDE_EFFECTS__
function _toLowerCase() {
    return _overwrite((input) => input.toLowerCase());
}
// toUpperCase
// @__NO_SIDE_EFFECTS__
function _toUpperCase() {
    return _overwrite((input) => input.toUpperCase());
}
// slugify
// @__NO_SIDE_EFFECTS__
function _slugify() {
    return _overwrite((input) => slugify(input));
}
// @__NO_SIDE_EFFECTS__
function _array(Class, element, params) {
    return new Class({
        type: "array",
        element,
        // get element() {
        //   return element;
        // },
        ...normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _union(Class, options, params) {
    return new Class({
        type: "union",
        options,
        ...util.normalizeParams(params),
    });
}
function _xor(Class, options, params) {
    return new Class({
        type: "union",
        options,
        inclusive: false,
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _discriminatedUnion(Class, discriminator, options, params) {
    return new Class({
        type: "union",
        options: options,
        discriminator,
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _intersection(Class, left, right) {
    return new Class({
        type: "intersection",
        left,
        right,
    });
}
// export function _tuple(
//   Class: util.SchemaClass<schemas.$ZodTuple>,
//   items: [],
//   params?: string | $ZodTupleParams
// ): schemas.$ZodTuple<[], null>;
// @__NO_SIDE_EFFECTS__
function _tuple(Class, items, _paramsOrRest, _params) {
    const hasRest = _paramsOrRest instanceof schemas.$ZodType;
    const params = hasRest ? _params : _paramsOrRest;
    const rest = hasRest ? _paramsOrRest : null;
    return new Class({
        type: "tuple",
        items,
        rest,
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _record(Class, keyType, valueType, params) {
    return new Class({
        type: "record",
        keyType,
        valueType,
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _map(Class, keyType, valueType, params) {
    return new Class({
        type: "map",
        keyType,
        valueType,
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _set(Class, valueType, params) {
    return new Class({
        type: "set",
        valueType,
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _enum(Class, values, params) {
    const entries = Array.isArray(values) ? Object.fromEntries(values.map((v) => [v, v])) : values;
    // if (Array.isArray(values)) {
    //   for (const value of values) {
    //     entries[value] = value;
    //   }
    // } else {
    //   Object.assign(entries, values);
    // }
    // const entries: util.EnumLike = {};
    // for (const val of values) {
    //   entries[val] = val;
    // }
    return new Class({
        type: "enum",
        entries,
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
/** @deprecated This API has been merged into `z.enum()`. Use `z.enum()` instead.
 *
 * ```ts
 * enum Colors { red, green, blue }
 * z.enum(Colors);
 * ```
 */
function _nativeEnum(Class, entries, params) {
    return new Class({
        type: "enum",
        entries,
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _literal(Class, value, params) {
    return new Class({
        type: "literal",
        values: Array.isArray(value) ? value : [value],
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _file(Class, params) {
    return new Class({
        type: "file",
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _transform(Class, fn) {
    return new Class({
        type: "transform",
        transform: fn,
    });
}
// @__NO_SIDE_EFFECTS__
function _optional(Class, innerType) {
    return new Class({
        type: "optional",
        innerType,
    });
}
// @__NO_SIDE_EFFECTS__
function _nullable(Class, innerType) {
    return new Class({
        type: "nullable",
        innerType,
    });
}
// @__NO_SIDE_EFFECTS__
function _default(Class, innerType, defaultValue) {
    return new Class({
        type: "default",
        innerType,
        get defaultValue() {
            return typeof defaultValue === "function" ? defaultValue() : util.shallowClone(defaultValue);
        },
    });
}
// @__NO_SIDE_EFFECTS__
function _nonoptional(Class, innerType, params) {
    return new Class({
        type: "nonoptional",
        innerType,
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _success(Class, innerType) {
    return new Class({
        type: "success",
        innerType,
    });
}
// @__NO_SIDE_EFFECTS__
function _catch(Class, innerType, catchValue) {
    return new Class({
        type: "catch",
        innerType,
        catchValue: (typeof catchValue === "function" ? catchValue : util.constantCatch(catchValue)),
    });
}
// @__NO_SIDE_EFFECTS__
function _pipe(Class, in_, out) {
    return new Class({
        type: "pipe",
        in: in_,
        out,
    });
}
// @__NO_SIDE_EFFECTS__
function _readonly(Class, innerType) {
    return new Class({
        type: "readonly",
        innerType,
    });
}
// @__NO_SIDE_EFFECTS__
function _templateLiteral(Class, parts, params) {
    return new Class({
        type: "template_literal",
        parts,
        ...util.normalizeParams(params),
    });
}
// @__NO_SIDE_EFFECTS__
function _lazy(Class, getter) {
    return new Class({
        type: "lazy",
        getter,
    });
}
// @__NO_SIDE_EFFECTS__
function _promise(Class, innerType) {
    return new Class({
        type: "promise",
        innerType,
    });
}
// @__NO_SIDE_EFFECTS__
function _custom(Class, fn, _params) {
    const norm = util.normalizeParams(_params);
    norm.abort ?? (norm.abort = true); // default to abort:false
    const schema = new Class({
        type: "custom",
        check: "custom",
        fn: fn,
        ...norm,
    });
    return schema;
}
// same as _custom but defaults to abort:false
// @__NO_SIDE_EFFECTS__
function _refine(Class, fn, _params) {
    const schema = new Class({
        type: "custom",
        check: "custom",
        fn: fn,
        ...normalizeParams(_params),
    });
    return schema;
}
// @__NO_SIDE_EFFECTS__
function _superRefine(fn, params) {
    const ch = _check((payload) => {
        payload.addIssue = (issue) => {
            if (typeof issue === "string") {
                payload.issues.push(util_issue(issue, payload.value, ch._zod.def));
            }
            else {
                // for Zod 3 backwards compatibility
                const _issue = issue;
                if (_issue.fatal)
                    _issue.continue = false;
                _issue.code ?? (_issue.code = "custom");
                if (!("input" in _issue))
                    _issue.input = payload.value;
                _issue.inst ?? (_issue.inst = ch);
                _issue.continue ?? (_issue.continue = !ch._zod.def.abort); // abort is always undefined, so this is always true...
                payload.issues.push(util_issue(_issue));
            }
        };
        return fn(payload.value, payload);
    }, params);
    return ch;
}
// @__NO_SIDE_EFFECTS__
function _check(fn, params) {
    const ch = new $ZodCheck({
        check: "custom",
        ...normalizeParams(params),
    });
    ch._zod.check = fn;
    return ch;
}
// @__NO_SIDE_EFFECTS__
function describe(description) {
    const ch = new $ZodCheck({ check: "describe" });
    ch._zod.onattach = [
        (inst) => {
            const existing = globalRegistry.get(inst) ?? {};
            globalRegistry.add(inst, { ...existing, description });
        },
    ];
    ch._zod.check = () => { }; // no-op check
    return ch;
}
// @__NO_SIDE_EFFECTS__
function meta(metadata) {
    const ch = new $ZodCheck({ check: "meta" });
    ch._zod.onattach = [
        (inst) => {
            const existing = globalRegistry.get(inst) ?? {};
            globalRegistry.add(inst, { ...existing, ...metadata });
        },
    ];
    ch._zod.check = () => { }; // no-op check
    return ch;
}
// @__NO_SIDE_EFFECTS__
function _stringbool(Classes, _params) {
    const params = util.normalizeParams(_params);
    let truthyArray = params.truthy ?? ["true", "1", "yes", "on", "y", "enabled"];
    let falsyArray = params.falsy ?? ["false", "0", "no", "off", "n", "disabled"];
    if (params.case !== "sensitive") {
        truthyArray = truthyArray.map((v) => (typeof v === "string" ? v.toLowerCase() : v));
        falsyArray = falsyArray.map((v) => (typeof v === "string" ? v.toLowerCase() : v));
    }
    const truthySet = new Set(truthyArray);
    const falsySet = new Set(falsyArray);
    const _Codec = Classes.Codec ?? schemas.$ZodCodec;
    const _Boolean = Classes.Boolean ?? schemas.$ZodBoolean;
    const _String = Classes.String ?? schemas.$ZodString;
    const stringSchema = new _String({ type: "string", error: params.error });
    const booleanSchema = new _Boolean({ type: "boolean", error: params.error });
    const codec = new _Codec({
        type: "pipe",
        in: stringSchema,
        out: booleanSchema,
        transform: ((input, payload) => {
            let data = input;
            if (params.case !== "sensitive")
                data = data.toLowerCase();
            if (truthySet.has(data)) {
                return true;
            }
            else if (falsySet.has(data)) {
                return false;
            }
            else {
                payload.issues.push({
                    code: "invalid_value",
                    expected: "stringbool",
                    values: [...truthySet, ...falsySet],
                    input: payload.value,
                    inst: codec,
                    continue: false,
                });
                return {};
            }
        }),
        reverseTransform: ((input, _payload) => {
            if (input === true) {
                return truthyArray[0] || "true";
            }
            else {
                return falsyArray[0] || "false";
            }
        }),
        error: params.error,
    });
    codec._zod.bag.truthy = truthyArray;
    codec._zod.bag.falsy = falsyArray;
    codec._zod.bag.case = params.case ?? "insensitive";
    return codec;
}
// @__NO_SIDE_EFFECTS__
function _stringFormat(Class, format, fnOrRegex, _params = {}) {
    const params = util.normalizeParams(_params);
    const def = {
        check: "string_format",
        type: "string",
        format,
        fn: typeof fnOrRegex === "function" ? fnOrRegex : (val) => fnOrRegex.test(val),
        ...params,
    };
    if (fnOrRegex instanceof RegExp) {
        def.pattern = fnOrRegex;
    }
    const inst = new Class(def);
    return inst;
}

;// CONCATENATED MODULE: ./node_modules/zod/v4/core/to-json-schema.js


function assignProps(target, ...sources) {
    for (const source of sources) {
        for (const key of Reflect.ownKeys(source)) {
            if (Object.prototype.propertyIsEnumerable.call(source, key)) {
                util_assignProp(target, key, source[key]);
            }
        }
    }
    return target;
}
// function initializeContext<T extends schemas.$ZodType>(inputs: JSONSchemaGeneratorParams<T>): ToJSONSchemaContext<T> {
//   return {
//     processor: inputs.processor,
//     metadataRegistry: inputs.metadata ?? globalRegistry,
//     target: inputs.target ?? "draft-2020-12",
//     unrepresentable: inputs.unrepresentable ?? "throw",
//   };
// }
function to_json_schema_initializeContext(params) {
    // Normalize target: convert old non-hyphenated versions to hyphenated versions
    let target = params?.target ?? "draft-2020-12";
    if (target === "draft-4")
        target = "draft-04";
    if (target === "draft-7")
        target = "draft-07";
    return {
        processors: params.processors ?? {},
        metadataRegistry: params?.metadata ?? globalRegistry,
        target,
        unrepresentable: params?.unrepresentable ?? "throw",
        override: params?.override ?? (() => { }),
        io: params?.io ?? "output",
        counter: 0,
        seen: new Map(),
        sharedDefsExtractedFor: undefined,
        sharedEmitDoneFor: undefined,
        cycles: params?.cycles ?? "ref",
        reused: params?.reused ?? "inline",
        intersections: [],
        deferred: [],
        external: params?.external ?? undefined,
    };
}
/**
 * Applies the `unrepresentable` setting at a site that has no JSON Schema equivalent. Throws
 * `message` unless the setting (or the handler's return value) says otherwise. Returns `true` if a
 * custom JSON Schema was written into `json`, in which case the caller must not write its own.
 */
function handleUnrepresentable(schema, ctx, json, params, message) {
    const result = typeof ctx.unrepresentable === "function"
        ? ctx.unrepresentable({ zodSchema: schema, path: params.path, message })
        : ctx.unrepresentable;
    if (result === "any")
        return false;
    if (result === undefined || result === "throw")
        throw new Error(message);
    Object.assign(json, result);
    return true;
}
// never rename this back to `process`: bundler polyfills inject a top-level `const process` that a lexical declaration of the same name collides with (#6397)
function to_json_schema_processSchema(schema, ctx, _params = { path: [], schemaPath: [] }) {
    var _a;
    const def = schema._zod.def;
    // check for schema in seens
    const seen = ctx.seen.get(schema);
    if (seen) {
        seen.count++;
        // check if cycle
        const isCycle = _params.schemaPath.includes(schema);
        if (isCycle) {
            seen.cycle = _params.path;
        }
        return seen.schema;
    }
    // initialize
    const result = { schema: {}, count: 1, cycle: undefined, path: _params.path };
    ctx.seen.set(schema, result);
    ctx.sharedDefsExtractedFor = undefined;
    ctx.sharedEmitDoneFor = undefined;
    // custom method overrides default behavior
    const overrideSchema = schema._zod.toJSONSchema?.();
    if (overrideSchema) {
        result.schema = overrideSchema;
    }
    else {
        const params = {
            ..._params,
            schemaPath: [..._params.schemaPath, schema],
            path: _params.path,
        };
        if (schema._zod.processJSONSchema) {
            schema._zod.processJSONSchema(ctx, result.schema, params);
        }
        else {
            const _json = result.schema;
            const processor = ctx.processors[def.type];
            if (!processor) {
                throw new Error(`[toJSONSchema]: Non-representable type encountered: ${def.type}`);
            }
            processor(schema, ctx, _json, params);
        }
        const parent = schema._zod.parent;
        if (parent) {
            // Also set ref if processor didn't (for inheritance)
            if (!result.ref)
                result.ref = parent;
            to_json_schema_processSchema(parent, ctx, params);
            ctx.seen.get(parent).isParent = true;
        }
    }
    // metadata
    const meta = ctx.metadataRegistry.get(schema);
    if (meta)
        assignProps(result.schema, meta);
    if (ctx.io === "input" && isTransforming(schema)) {
        // examples/defaults only apply to output type of pipe
        delete result.schema.examples;
        delete result.schema.default;
    }
    // set prefault as default
    if (ctx.io === "input" && "_prefault" in result.schema)
        (_a = result.schema).default ?? (_a.default = result.schema._prefault);
    delete result.schema._prefault;
    // pulling fresh from ctx.seen in case it was overwritten
    const _result = ctx.seen.get(schema);
    return _result.schema;
}
/** @deprecated Renamed to `processSchema`. An export alias declares no binding, so it is safe to keep. */

// Escape a reference token for use in a JSON Pointer fragment (RFC 6901): `~` becomes `~0` and `/` becomes `~1`. The `~` replacement must run first.
function encodeJSONPointerSegment(segment) {
    return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
function to_json_schema_extractDefs(ctx, schema
// params: EmitParams
) {
    // iterate over seen map;
    const root = ctx.seen.get(schema);
    if (!root)
        throw new Error("Unprocessed schema. This is a bug in Zod.");
    // With `external` set, every registered schema resolves through the external branch of `makeURI`, so the root branch below produces the same ref the external branch would — this pass is identical whichever schema it is called with, and only needs to run once.
    if (ctx.external && ctx.sharedDefsExtractedFor === ctx.external)
        return;
    // Track ids to detect duplicates across different schemas
    const idToSchema = new Map();
    for (const entry of ctx.seen.entries()) {
        const id = ctx.metadataRegistry.get(entry[0])?.id;
        if (id) {
            const existing = idToSchema.get(id);
            if (existing && existing !== entry[0]) {
                throw new Error(`Duplicate schema id "${id}" detected during JSON Schema conversion. Two different schemas cannot share the same id when converted together.`);
            }
            idToSchema.set(id, entry[0]);
        }
    }
    // returns a ref to the schema defId will be empty if the ref points to an external schema (or #)
    const makeURI = (entry) => {
        // comparing the seen objects because sometimes multiple schemas map to the same seen object. e.g. lazy
        // external is configured
        const defsSegment = ctx.target === "draft-2020-12" ? "$defs" : "definitions";
        if (ctx.external) {
            const externalId = ctx.external.registry.get(entry[0])?.id; // ?? "__shared";// `__schema${ctx.counter++}`;
            // check if schema is in the external registry
            const uriGenerator = ctx.external.uri ?? ((id) => id);
            if (externalId) {
                return { ref: uriGenerator(externalId) };
            }
            // otherwise, add to __shared
            const id = entry[1].defId ?? entry[1].schema.id ?? `schema${ctx.counter++}`;
            entry[1].defId = id; // set defId so it will be reused if needed
            return { defId: id, ref: `${uriGenerator("__shared")}#/${defsSegment}/${encodeJSONPointerSegment(id)}` };
        }
        const uriPrefix = `#`;
        const defUriPrefix = `${uriPrefix}/${defsSegment}/`;
        // an id-less root has nowhere to be extracted to, so it stays inline and self-references as `#`
        if (entry[1] === root && !entry[1].schema.id) {
            return { ref: uriPrefix };
        }
        // self-contained schema
        const defId = entry[1].schema.id ?? `__schema${ctx.counter++}`;
        return { defId, ref: defUriPrefix + encodeJSONPointerSegment(defId) };
    };
    // stored cached version in `def` property remove all properties, set $ref
    const extractToDef = (entry) => {
        // if the schema is already a reference, do not extract it
        if (entry[1].schema.$ref) {
            return;
        }
        const seen = entry[1];
        const { ref, defId } = makeURI(entry);
        seen.def = { ...seen.schema };
        // defId won't be set if the schema is a reference to an external schema or if the schema is the root schema
        if (defId)
            seen.defId = defId;
        // wipe away all properties except $ref
        const schema = seen.schema;
        for (const key in schema) {
            delete schema[key];
        }
        schema.$ref = ref;
    };
    // throw on cycles
    // break cycles
    if (ctx.cycles === "throw") {
        for (const entry of ctx.seen.entries()) {
            const seen = entry[1];
            if (seen.cycle) {
                throw new Error("Cycle detected: " +
                    `#/${seen.cycle?.join("/")}/<root>` +
                    '\n\nSet the `cycles` parameter to `"ref"` to resolve cyclical schemas with defs.');
            }
        }
    }
    // extract schemas into $defs
    for (const entry of ctx.seen.entries()) {
        const seen = entry[1];
        // convert root schema to # $ref
        if (schema === entry[0]) {
            extractToDef(entry); // this has special handling for the root schema
            continue;
        }
        // extract schemas that are in the external registry
        if (ctx.external) {
            const ext = ctx.external.registry.get(entry[0])?.id;
            if (schema !== entry[0] && ext) {
                extractToDef(entry);
                continue;
            }
        }
        // extract schemas with `id` meta
        const id = ctx.metadataRegistry.get(entry[0])?.id;
        if (id) {
            extractToDef(entry);
            continue;
        }
        // break cycles
        if (seen.cycle) {
            // any
            extractToDef(entry);
            continue;
        }
        // extract reused schemas
        if (seen.count > 1) {
            if (ctx.reused === "ref") {
                extractToDef(entry);
            }
        }
    }
    if (ctx.external)
        ctx.sharedDefsExtractedFor = ctx.external;
}
/** Rewrites `anyOf: [{type: "a"}, {type: "b"}]` to `type: ["a", "b"]`, which every JSON Schema draft treats as equivalent and most consumers render far better for the nullable case. Only branches that are a bare type assertion qualify — anything carrying a constraint, `$ref`, `const` or metadata is left alone. Runs after `flattenRef`, so a branch an override decorated or `$defs` extraction turned into a `$ref` is no longer bare and correctly stays in `anyOf`. `oneOf` is excluded: `integer` and `number` overlap, so "exactly one" and "at least one" are not the same there. OpenAPI 3.0 is excluded: its `type` must be a single string. */
function compactTypeUnion(schema) {
    const options = schema.anyOf;
    if (!Array.isArray(options) || options.length === 0 || schema.type !== undefined)
        return;
    const types = [];
    for (const option of options) {
        if (!option || typeof option !== "object")
            return;
        // A branch that is itself a compactible union folds into this one — nested `anyOf` and a flat `type` array say the same thing. Compacting it first also makes the result independent of the order this pass walks the seen map in.
        compactTypeUnion(option);
        const keys = Object.keys(option);
        if (keys.length !== 1 || keys[0] !== "type")
            return;
        const type = option.type;
        for (const member of Array.isArray(type) ? type : [type]) {
            if (typeof member !== "string")
                return;
            if (!types.includes(member))
                types.push(member);
        }
    }
    delete schema.anyOf;
    // A `type` array must be non-empty and unique (metaschema); a single member is spelled as a bare string.
    schema.type = types.length === 1 ? types[0] : types;
}
/** Keywords `foldIntersection` knows how to combine. Anything else — `$ref`, `patternProperties`,
 * an annotation like `description` — makes a member unfoldable, so a constraint this does not
 * understand leaves the `allOf` alone instead of being silently dropped or misattributed. */
const FOLDABLE_KEYS = new Set(["type", "properties", "required", "additionalProperties"]);
const UNION_KEYS = ["oneOf", "anyOf"];
/** A member's constraint on a key it does not declare itself. A `catchall` states one; `false`, an absent `additionalProperties`, and the empty schema a loose object emits state nothing. */
function undeclaredConstraint(member) {
    const extra = member.additionalProperties;
    if (extra === undefined || extra === false || typeof extra !== "object" || extra === null)
        return null;
    return Object.keys(extra).length ? extra : null;
}
/** Combines object members into the single object they describe together, or returns `null` if any of them carries a keyword outside {@link FOLDABLE_KEYS}. */
function foldObjects(members) {
    const objects = [];
    for (const member of members) {
        // A boolean subschema is legal JSON Schema and carries no keywords to fold.
        if (typeof member !== "object" || member.type !== "object")
            return null;
        for (const key in member) {
            if (!FOLDABLE_KEYS.has(key))
                return null;
        }
        objects.push(member);
    }
    const properties = {};
    const required = new Set();
    for (const object of objects) {
        for (const key in object.properties) {
            // `in` would report a `__proto__` key as already present via the prototype chain and skip it.
            if (Object.prototype.hasOwnProperty.call(properties, key))
                continue;
            // Every member constrains this key: the ones that declare it say how, and a `catchall` member constrains it too even though it does not name it. The key has to satisfy all of them, which is the same intersection one level down.
            const parts = [];
            for (const other of objects) {
                const part = other.properties?.[key] ?? undeclaredConstraint(other);
                if (part === null || part === undefined)
                    continue;
                if (!parts.some((seen) => JSON.stringify(seen) === JSON.stringify(part)))
                    parts.push(part);
            }
            const merged = parts.length === 1
                ? parts[0]
                : (foldObjects(parts) ?? { allOf: parts });
            util_assignProp(properties, key, merged);
        }
        for (const key of object.required ?? [])
            required.add(key);
    }
    const folded = { type: "object", properties };
    if (required.size)
        folded.required = [...required];
    // A key no member declares is rejected only when every member rejects it, so the fold is closed only when every member is. Otherwise it carries whatever the `catchall` members demand of such a key.
    if (objects.every((object) => object.additionalProperties === false)) {
        folded.additionalProperties = false;
    }
    else {
        const constraints = [];
        for (const object of objects) {
            const constraint = undeclaredConstraint(object);
            if (constraint && !constraints.some((seen) => JSON.stringify(seen) === JSON.stringify(constraint)))
                constraints.push(constraint);
        }
        if (constraints.length === 1)
            folded.additionalProperties = constraints[0];
        else if (constraints.length > 1)
            folded.additionalProperties = { allOf: constraints };
    }
    return folded;
}
/** `additionalProperties` in an `allOf` member sees only that member's own `properties`, so two
 * closed object members reject each other's keys and the schema validates nothing. Zod's parser
 * pools the key sets instead — `handleIntersectionResults` reports a key as unrecognized only when
 * *every* side rejects it — so the emitted schema has to pool them too, and folding the members
 * into one object is the encoding that says so on every target.
 *
 * This runs from `finalize`, after `extractDefs`, which is what keeps it clear of the `$ref`
 * machinery: a member extracted into `$defs` is already a `$ref` by now and declines to fold, so it
 * keeps its reference and its own closedness rather than being inlined as a stale copy. */
function foldIntersection(json) {
    const allOf = json.allOf;
    if (!Array.isArray(allOf) || allOf.length < 2)
        return;
    // An `override` runs before this pass and may have written object keywords onto the intersection itself. Those are deliberate, so decline rather than overwrite them.
    for (const key of FOLDABLE_KEYS)
        if (key in json)
            return;
    // An intersection distributes over a union: `A & (X | Y)` is `(A & X) | (A & Y)`. Only the first union is distributed over; a second one stays among the members every branch folds against, where it fails the object check and declines the whole intersection rather than multiplying out.
    const unions = allOf.filter((m) => UNION_KEYS.some((k) => Array.isArray(m[k])));
    let folded = null;
    if (!unions.length) {
        folded = foldObjects(allOf);
    }
    else {
        const union = unions[0];
        const keyword = UNION_KEYS.find((k) => Array.isArray(union[k]));
        if (Object.keys(union).length !== 1)
            return;
        const rest = allOf.filter((m) => m !== union);
        const branches = union[keyword].map((branch) => foldObjects([...rest, branch]));
        if (branches.some((b) => !b))
            return;
        folded = { [keyword]: branches };
    }
    if (!folded)
        return;
    delete json.allOf;
    assignProps(json, folded);
}
function to_json_schema_finalize(ctx, schema) {
    const root = ctx.seen.get(schema);
    if (!root)
        throw new Error("Unprocessed schema. This is a bug in Zod.");
    // flatten refs - inherit properties from parent schemas
    const flattenRef = (zodSchema) => {
        const seen = ctx.seen.get(zodSchema);
        // already processed
        if (seen.ref === null)
            return;
        const schema = seen.def ?? seen.schema;
        const _cached = { ...schema };
        const ref = seen.ref;
        seen.ref = null; // prevent infinite recursion
        if (ref) {
            flattenRef(ref);
            const refSeen = ctx.seen.get(ref);
            const refSchema = refSeen.schema;
            // merge referenced schema into current
            if (refSchema.$ref && (ctx.target === "draft-07" || ctx.target === "draft-04" || ctx.target === "openapi-3.0")) {
                // older drafts can't combine $ref with other properties
                schema.allOf = schema.allOf ?? [];
                schema.allOf.push(refSchema);
            }
            else {
                assignProps(schema, refSchema);
            }
            // restore child's own properties (child wins)
            assignProps(schema, _cached);
            const isParentRef = zodSchema._zod.parent === ref;
            // For parent chain, child is a refinement - remove parent-only properties
            if (isParentRef) {
                for (const key in schema) {
                    if (key === "$ref" || key === "allOf")
                        continue;
                    if (!(key in _cached)) {
                        delete schema[key];
                    }
                }
            }
            // When ref was extracted to $defs, remove properties that match the definition
            if (refSchema.$ref && refSeen.def) {
                for (const key in schema) {
                    if (key === "$ref" || key === "allOf")
                        continue;
                    if (key in refSeen.def && JSON.stringify(schema[key]) === JSON.stringify(refSeen.def[key])) {
                        delete schema[key];
                    }
                }
            }
        }
        // If parent was extracted (has $ref), propagate $ref to this schema. This handles cases like: readonly().meta({id}).describe() where processor sets ref to innerType but parent should be referenced
        const parent = zodSchema._zod.parent;
        if (parent && parent !== ref) {
            // Ensure parent is processed first so its def has inherited properties
            flattenRef(parent);
            const parentSeen = ctx.seen.get(parent);
            if (parentSeen?.schema.$ref) {
                schema.$ref = parentSeen.schema.$ref;
                // De-duplicate with parent's definition
                if (parentSeen.def) {
                    for (const key in schema) {
                        if (key === "$ref" || key === "allOf")
                            continue;
                        if (key in parentSeen.def && JSON.stringify(schema[key]) === JSON.stringify(parentSeen.def[key])) {
                            delete schema[key];
                        }
                    }
                }
            }
        }
        // execute overrides
        ctx.override({
            zodSchema: zodSchema,
            jsonSchema: schema,
            path: seen.path ?? [],
        });
    };
    // Flattening walks the whole map and clears each `ref` as it goes, so a second call over the same map is a no-op scan. Skip it outright once it has run for a registry conversion.
    if (!ctx.external || ctx.sharedEmitDoneFor !== ctx.external) {
        for (const entry of [...ctx.seen.entries()].reverse()) {
            flattenRef(entry[0]);
        }
        if (ctx.target !== "openapi-3.0") {
            for (const entry of ctx.seen.entries()) {
                compactTypeUnion(entry[1].def ?? entry[1].schema);
            }
        }
        for (const rewrite of ctx.deferred)
            rewrite();
        // After flattening, every member that was extracted is a `$ref`, so the fold sees the final shape. A schema that inherits an intersection — through `z.lazy`, or any `ref` chain — holds the same `allOf` array, so fold by array identity to catch every copy.
        if (ctx.intersections.length) {
            const carriers = new Map();
            for (const seen of ctx.seen.values()) {
                for (const json of [seen.schema, seen.def]) {
                    const allOf = json?.allOf;
                    if (!Array.isArray(allOf))
                        continue;
                    const existing = carriers.get(allOf);
                    if (existing)
                        existing.push(json);
                    else
                        carriers.set(allOf, [json]);
                }
            }
            for (const allOf of ctx.intersections) {
                for (const json of carriers.get(allOf) ?? [])
                    foldIntersection(json);
            }
        }
    }
    const result = {};
    if (ctx.target === "draft-2020-12") {
        result.$schema = "https://json-schema.org/draft/2020-12/schema";
    }
    else if (ctx.target === "draft-07") {
        result.$schema = "http://json-schema.org/draft-07/schema#";
    }
    else if (ctx.target === "draft-04") {
        result.$schema = "http://json-schema.org/draft-04/schema#";
    }
    else if (ctx.target === "openapi-3.0") {
        // OpenAPI 3.0 schema objects should not include a $schema property
    }
    else {
        // Arbitrary string values are allowed but won't have a $schema property set
    }
    if (ctx.external?.uri) {
        const id = ctx.external.registry.get(schema)?.id;
        if (!id)
            throw new Error("Schema is missing an `id` property");
        result.$id = ctx.external.uri(id);
    }
    // when the root was extracted into $defs, `root.schema` is the `$ref` wrapper and `root.def` is the body that now lives under $defs
    assignProps(result, root.defId ? root.schema : (root.def ?? root.schema));
    // The `id` in `.meta()` is a Zod-specific registration tag used to extract schemas into $defs — it is not user-facing JSON Schema metadata. Strip it from the output body where it would otherwise leak. The id is preserved implicitly via the $defs key (and via $ref paths).
    const rootMetaId = ctx.metadataRegistry.get(schema)?.id;
    if (rootMetaId !== undefined && result.id === rootMetaId)
        delete result.id;
    // build defs object. With `external`, `defs` is the shared object every schema writes into, so the same entries are reassigned on every call. Without it, `defs` is fresh per call and must be rebuilt.
    const defs = ctx.external?.defs ?? {};
    if (!ctx.external || ctx.sharedEmitDoneFor !== ctx.external) {
        for (const entry of ctx.seen.entries()) {
            const seen = entry[1];
            if (seen.def && seen.defId) {
                if (seen.def.id === seen.defId)
                    delete seen.def.id;
                util_assignProp(defs, seen.defId, seen.def);
            }
        }
    }
    if (ctx.external)
        ctx.sharedEmitDoneFor = ctx.external;
    // set definitions in result
    if (ctx.external) {
    }
    else {
        if (Object.keys(defs).length > 0) {
            if (ctx.target === "draft-2020-12") {
                result.$defs = defs;
            }
            else {
                result.definitions = defs;
            }
        }
    }
    try {
        // this "finalizes" this schema and ensures all cycles are removed each call to finalize() is functionally independent though the seen map is shared
        const finalized = JSON.parse(JSON.stringify(result));
        Object.defineProperty(finalized, "~standard", {
            value: {
                ...schema["~standard"],
                jsonSchema: {
                    input: createStandardJSONSchemaMethod(schema, "input", ctx.processors),
                    output: createStandardJSONSchemaMethod(schema, "output", ctx.processors),
                },
            },
            enumerable: false,
            writable: false,
        });
        return finalized;
    }
    catch (_err) {
        throw new Error("Error converting schema to JSON.");
    }
}
function isTransforming(_schema, _ctx) {
    const ctx = _ctx ?? { seen: new Set() };
    if (ctx.seen.has(_schema))
        return false;
    ctx.seen.add(_schema);
    const def = _schema._zod.def;
    if (def.type === "transform")
        return true;
    if (def.type === "array")
        return isTransforming(def.element, ctx);
    if (def.type === "set")
        return isTransforming(def.valueType, ctx);
    if (def.type === "lazy")
        return isTransforming(def.getter(), ctx);
    if (def.type === "promise" ||
        def.type === "optional" ||
        def.type === "nonoptional" ||
        def.type === "nullable" ||
        def.type === "readonly" ||
        def.type === "default" ||
        def.type === "prefault" ||
        def.type === "catch") {
        return isTransforming(def.innerType, ctx);
    }
    if (def.type === "intersection") {
        return isTransforming(def.left, ctx) || isTransforming(def.right, ctx);
    }
    if (def.type === "record" || def.type === "map") {
        return isTransforming(def.keyType, ctx) || isTransforming(def.valueType, ctx);
    }
    if (def.type === "pipe") {
        if (_schema._zod.traits.has("$ZodCodec"))
            return true;
        return isTransforming(def.in, ctx) || isTransforming(def.out, ctx);
    }
    if (def.type === "object") {
        for (const key in def.shape) {
            if (isTransforming(def.shape[key], ctx))
                return true;
        }
        return false;
    }
    if (def.type === "union") {
        for (const option of def.options) {
            if (isTransforming(option, ctx))
                return true;
        }
        return false;
    }
    if (def.type === "tuple") {
        for (const item of def.items) {
            if (isTransforming(item, ctx))
                return true;
        }
        if (def.rest && isTransforming(def.rest, ctx))
            return true;
        return false;
    }
    return false;
}
/**
 * Creates a toJSONSchema method for a schema instance.
 * This encapsulates the logic of initializing context, processing, extracting defs, and finalizing.
 */
const createToJSONSchemaMethod = (schema, processors = {}) => (params) => {
    const ctx = to_json_schema_initializeContext({ ...params, processors });
    to_json_schema_processSchema(schema, ctx);
    to_json_schema_extractDefs(ctx, schema);
    return to_json_schema_finalize(ctx, schema);
};
const createStandardJSONSchemaMethod = (schema, io, processors = {}) => (params) => {
    const { libraryOptions, target } = params ?? {};
    const ctx = to_json_schema_initializeContext({ ...(libraryOptions ?? {}), target, io, processors });
    to_json_schema_processSchema(schema, ctx);
    to_json_schema_extractDefs(ctx, schema);
    return to_json_schema_finalize(ctx, schema);
};

;// CONCATENATED MODULE: ./node_modules/zod/v4/core/json-schema-processors.js




const narrowMin = (agg, key, value) => {
    if (agg[key] === undefined || value > agg[key])
        agg[key] = value;
};
const narrowMax = (agg, key, value) => {
    if (agg[key] === undefined || value < agg[key])
        agg[key] = value;
};
const narrowBoth = (agg, value) => {
    narrowMin(agg, "minimum", value);
    narrowMax(agg, "maximum", value);
};
const addDivisor = (agg, value) => {
    agg.multipleOf ?? (agg.multipleOf = []);
    if (!agg.multipleOf.includes(value))
        agg.multipleOf.push(value);
};
const addPattern = (agg, pattern) => {
    agg.patterns ?? (agg.patterns = new Set());
    agg.patterns.add(pattern);
};
const intersectMime = (agg, mime) => {
    agg.mime = agg.mime ? agg.mime.filter((m) => mime.includes(m)) : [...mime];
};
// last-wins, matching the bag's historical write order; the flag keeps an integer format from being lost to a later float one
const setFormat = (agg, format) => {
    agg.format = format;
    if (format.includes("int"))
        agg.isInt = true;
};
const minContributor = (agg, def) => narrowMin(agg, "minimum", def.minimum);
const maxContributor = (agg, def) => narrowMax(agg, "maximum", def.maximum);
const formatContributor = (ranges) => (agg, def) => {
    setFormat(agg, def.format);
    const [minimum, maximum] = ranges[def.format];
    narrowMin(agg, "minimum", minimum);
    narrowMax(agg, "maximum", maximum);
};
const contributors = {
    greater_than: (agg, def) => narrowMin(agg, def.inclusive ? "minimum" : "exclusiveMinimum", def.value),
    less_than: (agg, def) => narrowMax(agg, def.inclusive ? "maximum" : "exclusiveMaximum", def.value),
    multiple_of: (agg, def) => addDivisor(agg, def.value),
    number_format: formatContributor(NUMBER_FORMAT_RANGES),
    bigint_format: formatContributor(BIGINT_FORMAT_RANGES),
    min_length: minContributor,
    max_length: maxContributor,
    length_equals: (agg, def) => narrowBoth(agg, def.length),
    min_size: minContributor,
    max_size: maxContributor,
    size_equals: (agg, def) => narrowBoth(agg, def.size),
    string_format: (agg, def) => {
        setFormat(agg, def.format);
        if (def.pattern)
            addPattern(agg, def.pattern);
        if (def.format === "base64" || def.format === "base64url")
            agg.contentEncoding = def.format;
        if (def.local || def.precision === -1)
            agg.laxFormat = true;
    },
    mime_type: (agg, def) => intersectMime(agg, def.mime),
};
function aggregateChecks(schema) {
    const agg = {};
    const def = schema._zod.def;
    // a format schema is its own first check, same rule as $ZodType init
    const list = schema._zod.traits.has("$ZodCheck")
        ? [schema, ...(def.checks ?? [])]
        : (def.checks ?? []);
    for (const ch of list)
        contributors[ch._zod.def.check]?.(agg, ch._zod.def);
    // reconcile with the bag so third-party onattach contributions still land; first-party residue is never tighter than the fold, so merging it back is idempotent for one and additive for the other
    const bag = schema._zod.bag;
    if (bag.minimum !== undefined)
        narrowMin(agg, "minimum", bag.minimum);
    if (bag.exclusiveMinimum !== undefined)
        narrowMin(agg, "exclusiveMinimum", bag.exclusiveMinimum);
    if (bag.maximum !== undefined)
        narrowMax(agg, "maximum", bag.maximum);
    if (bag.exclusiveMaximum !== undefined)
        narrowMax(agg, "exclusiveMaximum", bag.exclusiveMaximum);
    if (bag.multipleOf !== undefined)
        addDivisor(agg, bag.multipleOf);
    if (bag.format !== undefined) {
        agg.format ?? (agg.format = bag.format);
        if (bag.format.includes("int"))
            agg.isInt = true;
    }
    if (bag.mime)
        intersectMime(agg, bag.mime);
    for (const pattern of bag.patterns ?? [])
        addPattern(agg, pattern);
    return agg;
}
const formatMap = {
    guid: "uuid",
    url: "uri",
    datetime: "date-time",
    json_string: "json-string",
    regex: "", // do not set
};
// ==================== SIMPLE TYPE PROCESSORS ====================
// the runtime patterns are lax so parse paths never overflow the regex stack; the emitted schema swaps in the exact block forms, which zod itself never executes
const exactPatterns = new Map([
    [base64Charset, base64],
    [base64urlCharset, base64url],
]);
const exactPattern = (p) => exactPatterns.get(p) ?? p;
const stringProcessor = (schema, ctx, _json, _params) => {
    const json = _json;
    json.type = "string";
    const { minimum, maximum, format, patterns, contentEncoding, laxFormat } = aggregateChecks(schema);
    if (typeof minimum === "number")
        json.minLength = minimum;
    if (typeof maximum === "number")
        json.maxLength = maximum;
    // custom pattern overrides format
    if (format) {
        json.format = formatMap[format] ?? format;
        if (json.format === "")
            delete json.format; // empty format is not valid
        // `z.iso.time()` is never full-time, and `laxFormat` carries the datetime shapes that also accept what their keyword forbids
        if (format === "time" || laxFormat) {
            delete json.format;
        }
    }
    if (contentEncoding)
        json.contentEncoding = contentEncoding;
    if (patterns && patterns.size > 0) {
        const patternList = [...patterns].map(exactPattern);
        if (patternList.length === 1)
            json.pattern = patternList[0].source;
        else if (patternList.length > 1) {
            json.allOf = [
                ...patternList.map((regex) => ({
                    ...(ctx.target === "draft-07" || ctx.target === "draft-04" || ctx.target === "openapi-3.0"
                        ? { type: "string" }
                        : {}),
                    pattern: regex.source,
                })),
            ];
        }
    }
};
const numberProcessor = (schema, ctx, _json, params) => {
    const json = _json;
    const { minimum, maximum, multipleOf, exclusiveMaximum, exclusiveMinimum, isInt } = aggregateChecks(schema);
    json.type = isInt ? "integer" : "number";
    // when both minimum and exclusiveMinimum exist, pick the more restrictive one
    const exMin = typeof exclusiveMinimum === "number" && exclusiveMinimum >= (minimum ?? Number.NEGATIVE_INFINITY);
    const exMax = typeof exclusiveMaximum === "number" && exclusiveMaximum <= (maximum ?? Number.POSITIVE_INFINITY);
    const legacy = ctx.target === "draft-04" || ctx.target === "openapi-3.0";
    if (exMin) {
        if (legacy) {
            json.minimum = exclusiveMinimum;
            json.exclusiveMinimum = true;
        }
        else {
            json.exclusiveMinimum = exclusiveMinimum;
        }
    }
    else if (typeof minimum === "number") {
        json.minimum = minimum;
    }
    if (exMax) {
        if (legacy) {
            json.maximum = exclusiveMaximum;
            json.exclusiveMaximum = true;
        }
        else {
            json.exclusiveMaximum = exclusiveMaximum;
        }
    }
    else if (typeof maximum === "number") {
        json.maximum = maximum;
    }
    if (multipleOf) {
        // JSON Schema requires a divisor strictly greater than zero, and a non-finite one does not survive JSON at all. A negative divisor accepts exactly what its absolute value accepts, so it still maps; zero, NaN and Infinity have no keyword form.
        const divisors = new Set();
        for (const divisor of multipleOf) {
            if (Number.isFinite(divisor) && divisor !== 0)
                divisors.add(Math.abs(divisor));
            else
                handleUnrepresentable(schema, ctx, json, params, `A multipleOf divisor of ${divisor} cannot be represented in JSON Schema`);
        }
        // chained divisors are a conjunction the keyword cannot carry alone, so extras ride an allOf, same as stacked patterns
        const [first, ...rest] = divisors;
        if (first !== undefined)
            json.multipleOf = first;
        if (rest.length)
            json.allOf = [...(json.allOf ?? []), ...rest.map((m) => ({ multipleOf: m }))];
    }
};
const booleanProcessor = (_schema, _ctx, json, _params) => {
    json.type = "boolean";
};
const bigintProcessor = (schema, ctx, json, params) => {
    handleUnrepresentable(schema, ctx, json, params, "BigInt cannot be represented in JSON Schema");
};
const symbolProcessor = (schema, ctx, json, params) => {
    handleUnrepresentable(schema, ctx, json, params, "Symbols cannot be represented in JSON Schema");
};
const nullProcessor = (_schema, ctx, json, _params) => {
    if (ctx.target === "openapi-3.0") {
        json.type = "string";
        json.nullable = true;
        json.enum = [null];
    }
    else {
        json.type = "null";
    }
};
const undefinedProcessor = (schema, ctx, json, params) => {
    handleUnrepresentable(schema, ctx, json, params, "Undefined cannot be represented in JSON Schema");
};
const voidProcessor = (schema, ctx, json, params) => {
    handleUnrepresentable(schema, ctx, json, params, "Void cannot be represented in JSON Schema");
};
const neverProcessor = (_schema, _ctx, json, _params) => {
    json.not = {};
};
const anyProcessor = (_schema, _ctx, _json, _params) => {
    // empty schema accepts anything
};
const unknownProcessor = (_schema, _ctx, _json, _params) => {
    // empty schema accepts anything
};
const dateProcessor = (schema, ctx, json, params) => {
    handleUnrepresentable(schema, ctx, json, params, "Date cannot be represented in JSON Schema");
};
const enumProcessor = (schema, _ctx, json, _params) => {
    const def = schema._zod.def;
    const values = getEnumValues(def.entries);
    // an empty enum accepts nothing, same as z.never()
    if (values.length === 0) {
        json.not = {};
        return;
    }
    // Number enums can have both string and number values
    if (values.every((v) => typeof v === "number"))
        json.type = "number";
    if (values.every((v) => typeof v === "string"))
        json.type = "string";
    json.enum = values;
};
const literalProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    // a literal with no values accepts nothing, same as z.never()
    if (def.values.length === 0) {
        json.not = {};
        return;
    }
    const vals = [];
    for (const val of def.values) {
        if (val === undefined) {
            // a custom schema replaces the whole literal, so there is nothing left to accumulate
            if (handleUnrepresentable(schema, ctx, json, params, "Literal `undefined` cannot be represented in JSON Schema"))
                return;
            // otherwise do not add to vals
        }
        else if (typeof val === "bigint") {
            if (handleUnrepresentable(schema, ctx, json, params, "BigInt literals cannot be represented in JSON Schema"))
                return;
            vals.push(Number(val));
        }
        else {
            vals.push(val);
        }
    }
    if (vals.length === 0) {
        // do nothing (an undefined literal was stripped)
    }
    else if (vals.length === 1) {
        const val = vals[0];
        json.type = val === null ? "null" : typeof val;
        if (ctx.target === "draft-04" || ctx.target === "openapi-3.0") {
            json.enum = [val];
        }
        else {
            json.const = val;
        }
    }
    else {
        if (vals.every((v) => typeof v === "number"))
            json.type = "number";
        if (vals.every((v) => typeof v === "string"))
            json.type = "string";
        if (vals.every((v) => typeof v === "boolean"))
            json.type = "boolean";
        if (vals.every((v) => v === null))
            json.type = "null";
        json.enum = vals;
    }
};
const nanProcessor = (schema, ctx, json, params) => {
    handleUnrepresentable(schema, ctx, json, params, "NaN cannot be represented in JSON Schema");
};
const templateLiteralProcessor = (schema, _ctx, json, _params) => {
    const _json = json;
    const pattern = schema._zod.pattern;
    if (!pattern)
        throw new Error("Pattern not found in template literal");
    _json.type = "string";
    _json.pattern = pattern.source;
};
const fileProcessor = (schema, _ctx, json, _params) => {
    const _json = json;
    _json.type = "string";
    _json.format = "binary";
    _json.contentEncoding = "binary";
    const { minimum, maximum, mime } = aggregateChecks(schema);
    if (minimum !== undefined)
        _json.minLength = minimum;
    if (maximum !== undefined)
        _json.maxLength = maximum;
    if (!mime)
        return;
    // an empty intersection means the mime checks share no value, so nothing passes at runtime; `anyOf` must be non-empty, so the false schema is `not: {}`
    if (mime.length === 0)
        _json.not = {};
    else if (mime.length === 1)
        _json.contentMediaType = mime[0];
    // only contentMediaType differs, so the shared props stay at the root
    else
        _json.anyOf = mime.map((m) => ({ contentMediaType: m }));
};
const successProcessor = (_schema, _ctx, json, _params) => {
    json.type = "boolean";
};
const customProcessor = (schema, ctx, json, params) => {
    handleUnrepresentable(schema, ctx, json, params, "Custom types cannot be represented in JSON Schema");
};
const functionProcessor = (schema, ctx, json, params) => {
    handleUnrepresentable(schema, ctx, json, params, "Function types cannot be represented in JSON Schema");
};
const transformProcessor = (schema, ctx, json, params) => {
    handleUnrepresentable(schema, ctx, json, params, "Transforms cannot be represented in JSON Schema");
};
const mapProcessor = (schema, ctx, json, params) => {
    handleUnrepresentable(schema, ctx, json, params, "Map cannot be represented in JSON Schema");
};
const setProcessor = (schema, ctx, json, params) => {
    handleUnrepresentable(schema, ctx, json, params, "Set cannot be represented in JSON Schema");
};
// ==================== COMPOSITE TYPE PROCESSORS ====================
const arrayProcessor = (schema, ctx, _json, params) => {
    const json = _json;
    const def = schema._zod.def;
    const { minimum, maximum } = aggregateChecks(schema);
    if (typeof minimum === "number")
        json.minItems = minimum;
    if (typeof maximum === "number")
        json.maxItems = maximum;
    json.type = "array";
    json.items = to_json_schema_processSchema(def.element, ctx, {
        ...params,
        path: [...params.path, "items"],
    });
};
// Transform and catch set `optin = "optional"` at runtime so the parser lets them observe an
// absent key, but their declared input type stays required. An input JSON Schema describes the
// declared type, so resolve past them to the schema that actually carries the optionality.
// Used by both `objectProcessor` (for `required`) and `tupleProcessor` (for `minItems`); see
// wiki/optionality.md, "The JSON Schema emitter reads the *static* value".
function inputOptin(schema) {
    const def = schema._zod.def;
    if (def.type === "pipe" && def.in._zod.traits.has("$ZodTransform")) {
        return inputOptin(def.out);
    }
    if (def.type === "catch") {
        return inputOptin(def.innerType);
    }
    return schema._zod.optin;
}
const objectProcessor = (schema, ctx, _json, params) => {
    const json = _json;
    const def = schema._zod.def;
    const shape = def.shape;
    // dropping it while still emitting `additionalProperties: false` would emit a schema that rejects data this one requires
    const symbolKeys = Object.getOwnPropertySymbols(shape);
    if (symbolKeys.length &&
        handleUnrepresentable(schema, ctx, json, params, "Symbol keys cannot be represented in JSON Schema")) {
        return;
    }
    json.type = "object";
    json.properties = {};
    for (const key in shape) {
        // assignProp so a __proto__ key becomes an own property instead of hitting the inherited setter on the plain {} we build into
        util_assignProp(json.properties, key, to_json_schema_processSchema(shape[key], ctx, {
            ...params,
            path: [...params.path, "properties", key],
        }));
    }
    // required keys
    const requiredKeys = [];
    for (const key of Object.keys(shape)) {
        const field = def.shape[key];
        if (ctx.io === "input" ? inputOptin(field) === undefined : field._zod.optout === undefined) {
            requiredKeys.push(key);
        }
    }
    if (requiredKeys.length > 0) {
        json.required = requiredKeys;
    }
    // catchall
    if (def.catchall?._zod.def.type === "never") {
        // strict
        json.additionalProperties = false;
    }
    else if (!def.catchall) {
        // regular
        if (ctx.io === "output")
            json.additionalProperties = false;
    }
    else if (def.catchall) {
        json.additionalProperties = to_json_schema_processSchema(def.catchall, ctx, {
            ...params,
            path: [...params.path, "additionalProperties"],
        });
    }
};
const unionProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    // Exclusive unions (inclusive === false) use oneOf (exactly one match) instead of anyOf (one or more matches). This includes both z.xor() and discriminated unions
    const isExclusive = def.inclusive === false;
    const options = def.options.map((x, i) => to_json_schema_processSchema(x, ctx, {
        ...params,
        path: [...params.path, isExclusive ? "oneOf" : "anyOf", i],
    }));
    if (isExclusive) {
        json.oneOf = options;
    }
    else {
        json.anyOf = options;
    }
};
const intersectionProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    const a = to_json_schema_processSchema(def.left, ctx, {
        ...params,
        path: [...params.path, "allOf", 0],
    });
    const b = to_json_schema_processSchema(def.right, ctx, {
        ...params,
        path: [...params.path, "allOf", 1],
    });
    const isSimpleIntersection = (val) => "allOf" in val && Object.keys(val).length === 1;
    const allOf = [
        ...(isSimpleIntersection(a) ? a.allOf : [a]),
        ...(isSimpleIntersection(b) ? b.allOf : [b]),
    ];
    json.allOf = allOf;
    // Recorded innermost first, so a nested intersection has already folded by the time this one is considered. The array is the handle rather than the schema, because a wrapper that inherits this schema shares the same array; `finalize` folds every object holding it. See `foldIntersection`.
    ctx.intersections.push(allOf);
};
const tupleProcessor = (schema, ctx, _json, params) => {
    const json = _json;
    const def = schema._zod.def;
    json.type = "array";
    const prefixPath = ctx.target === "draft-2020-12" ? "prefixItems" : "items";
    const restPath = ctx.target === "draft-2020-12" ? "items" : ctx.target === "openapi-3.0" ? "items" : "additionalItems";
    const prefixItems = def.items.map((x, i) => to_json_schema_processSchema(x, ctx, {
        ...params,
        path: [...params.path, prefixPath, i],
    }));
    const rest = def.rest
        ? to_json_schema_processSchema(def.rest, ctx, {
            ...params,
            path: [...params.path, restPath, ...(ctx.target === "openapi-3.0" ? [def.items.length] : [])],
        })
        : null;
    let minItems = def.items.length;
    while (minItems > 0) {
        const item = def.items[minItems - 1];
        const optional = ctx.io === "input" ? inputOptin(item) !== undefined : item._zod.optout === "optional";
        if (!optional)
            break;
        minItems--;
    }
    const maxItems = def.items.length;
    const isClosed = !def.rest;
    if (ctx.target === "draft-2020-12") {
        json.prefixItems = prefixItems;
        if (isClosed) {
            json.items = false;
        }
        else if (rest) {
            json.items = rest;
        }
        if (minItems > 0)
            json.minItems = minItems;
        if (isClosed)
            json.maxItems = maxItems;
    }
    else if (ctx.target === "openapi-3.0") {
        json.items = {
            anyOf: prefixItems,
        };
        if (rest) {
            json.items.anyOf.push(rest);
        }
        if (minItems > 0)
            json.minItems = minItems;
        if (isClosed)
            json.maxItems = maxItems;
    }
    else {
        json.items = prefixItems;
        if (isClosed) {
            json.additionalItems = false;
        }
        else if (rest) {
            json.additionalItems = rest;
        }
        if (minItems > 0)
            json.minItems = minItems;
        if (isClosed)
            json.maxItems = maxItems;
    }
    // explicit user-defined length checks take precedence
    const { minimum, maximum } = aggregateChecks(schema);
    if (typeof minimum === "number")
        json.minItems = minimum;
    if (typeof maximum === "number")
        json.maxItems = maximum;
};
/** JSON object keys are always strings, so a numeric record key schema is re-expressed over the
 * numeric-string form the record parser matches. Deferred to `finalize`, after the flatten: a key
 * behind a wrapper only carries its own `type` before then, and a union key only has its branches.
 *
 * A numeric bound cannot apply to a property name, so `minimum` and its siblings are dropped rather
 * than carried over: keeping them beside `type: "string"` reproduces the match-nothing schema this
 * exists to fix. A key that carries one therefore emits wider than the record parses — `z.record(z.number().min(5), V)`
 * accepts `"3"` — which is the deliberate trade, since throwing on it would reject an ordinary schema
 * outright. */
function stringifyKeyNames(bySchema, json, visited) {
    // an extracted key that rewrites cannot go on sharing its definition — the string form a key position needs is not the number form every other reference wants — so it inlines. One that does not rewrite keeps the `$ref`.
    if (json.$ref) {
        // a recursive key holds its own reference inside its definition, so a node already on the path is left alone rather than resolved again
        if (visited.has(json))
            return json;
        visited.add(json);
        const def = bySchema.get(json)?.def;
        if (!def)
            return json;
        const inlined = stringifyKeyNames(bySchema, def, visited);
        return inlined === def ? json : inlined;
    }
    for (const keyword of ["anyOf", "oneOf"]) {
        const branches = json[keyword];
        if (!Array.isArray(branches))
            continue;
        const mapped = branches.map((branch) => stringifyKeyNames(bySchema, branch, visited));
        // rebuilding regardless would detach a key that had nothing to re-express, dropping its `$ref` and leaking the internal `id`
        if (mapped.some((branch, i) => branch !== branches[i]))
            json = { ...json, [keyword]: mapped };
    }
    // a member that already admits a string leaves the key unconstrained, so the node's own type re-expresses only when every member is numeric
    const types = Array.isArray(json.type) ? json.type : [json.type];
    const numericType = !types.includes("string") && types.some((t) => t === "number" || t === "integer");
    // a heterogeneous key carries no type at all, so its numeric members are caught here instead
    const values = json.enum ?? (json.const !== undefined ? [json.const] : undefined);
    if (!numericType && !values?.some((v) => typeof v === "number"))
        return json;
    const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf, format, id, ...rest } = json;
    if (rest.enum)
        rest.enum = rest.enum.map((v) => (typeof v === "number" ? String(v) : v));
    else if (typeof rest.const === "number")
        rest.const = String(rest.const);
    // a heterogeneous key keeps its absent type: the stringified members already say what a key may be
    if (!numericType)
        return rest;
    rest.type = "string";
    if (!values)
        rest.pattern = (types.includes("number") ? number : integer).source;
    return rest;
}
/** Every record of one conversion, so the carriers are found in a single pass rather than once per record. */
const pendingRecords = new WeakMap();
function rewriteKeyNames(ctx) {
    // an extracted key is resolved by the object `extractToDef` left in its place, so the map is built once rather than searched per reference. `_zod.toJSONSchema` can hand the same object to two schemas, so the first entry carrying a body wins, as a search would have found it.
    const bySchema = new Map();
    for (const entry of ctx.seen.values()) {
        if (entry.def && !bySchema.has(entry.schema))
            bySchema.set(entry.schema, entry);
    }
    const rewrites = new Map();
    for (const record of pendingRecords.get(ctx) ?? []) {
        const seen = ctx.seen.get(record);
        const names = (seen?.def ?? seen?.schema)?.propertyNames;
        if (!names || names === true || rewrites.has(names))
            continue;
        const rewritten = stringifyKeyNames(bySchema, names, new Set());
        if (rewritten !== names)
            rewrites.set(names, rewritten);
    }
    if (!rewrites.size)
        return;
    // the flatten has already copied each record's own properties onto every wrapper by reference, and an extracted body is another such copy, so every carrier holding a rewritten key is updated together
    for (const entry of ctx.seen.values()) {
        for (const carrier of [entry.schema, entry.def]) {
            const rewritten = carrier && rewrites.get(carrier.propertyNames);
            if (rewritten)
                carrier.propertyNames = rewritten;
        }
    }
}
const recordProcessor = (schema, ctx, _json, params) => {
    const json = _json;
    const def = schema._zod.def;
    json.type = "object";
    // For looseRecord with regex patterns, use patternProperties. This correctly represents "only validate keys matching the pattern" semantics and composes well with allOf (intersections)
    const keyType = def.keyType;
    const patterns = aggregateChecks(keyType).patterns;
    if (def.mode === "loose" && patterns && patterns.size > 0) {
        // Use patternProperties for looseRecord with regex patterns
        const valueSchema = to_json_schema_processSchema(def.valueType, ctx, {
            ...params,
            path: [...params.path, "patternProperties", "*"],
        });
        json.patternProperties = {};
        for (const pattern of patterns) {
            util_assignProp(json.patternProperties, exactPattern(pattern).source, valueSchema);
        }
    }
    else {
        // Default behavior: use propertyNames + additionalProperties
        if (ctx.target === "draft-07" || ctx.target === "draft-2020-12") {
            json.propertyNames = to_json_schema_processSchema(def.keyType, ctx, {
                ...params,
                path: [...params.path, "propertyNames"],
            });
            let pending = pendingRecords.get(ctx);
            if (!pending) {
                pending = [];
                pendingRecords.set(ctx, pending);
                ctx.deferred.push(() => rewriteKeyNames(ctx));
            }
            pending.push(schema);
        }
        json.additionalProperties = to_json_schema_processSchema(def.valueType, ctx, {
            ...params,
            path: [...params.path, "additionalProperties"],
        });
    }
    // Add required for keys with discrete values (enum, literal, etc.)
    const keyValues = keyType._zod.values;
    // Every key shares one value schema, so an optional-in value makes the whole key set omittable on input. Output keeps them: the exhaustive branch assigns every key, even one whose value came back undefined.
    const omittableOnInput = ctx.io === "input" && inputOptin(def.valueType) !== undefined;
    if (keyValues && !def.partial && !omittableOnInput) {
        const validKeyValues = [...keyValues].filter((v) => typeof v === "string" || typeof v === "number");
        if (validKeyValues.length > 0) {
            json.required = validKeyValues.map(String);
        }
    }
};
const nullableProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    const inner = to_json_schema_processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    if (ctx.target === "openapi-3.0") {
        seen.ref = def.innerType;
        json.nullable = true;
    }
    else {
        json.anyOf = [inner, { type: "null" }];
    }
};
const nonoptionalProcessor = (schema, ctx, _json, params) => {
    const def = schema._zod.def;
    to_json_schema_processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = def.innerType;
};
/** Round-trips a default value through JSON so the emitted schema is guaranteed to be valid JSON.
 * A BigInt has no reliable encoding, so it goes through `unrepresentable` like any other
 * unrepresentable value. Returns a sentinel when the caller must not write a default of its own. */
const UNREPRESENTABLE_DEFAULT = Symbol();
function serializeDefaultValue(value, schema, ctx, json, params) {
    let unrepresentable = false;
    const serialized = JSON.stringify(value, (_, val) => {
        if (typeof val !== "bigint")
            return val;
        unrepresentable = true;
        return null;
    });
    if (!unrepresentable)
        return JSON.parse(serialized);
    handleUnrepresentable(schema, ctx, json, params, "BigInt defaults cannot be represented in JSON Schema");
    return UNREPRESENTABLE_DEFAULT;
}
const defaultProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    to_json_schema_processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = def.innerType;
    const value = serializeDefaultValue(def.defaultValue, schema, ctx, json, params);
    if (value !== UNREPRESENTABLE_DEFAULT)
        json.default = value;
};
const prefaultProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    to_json_schema_processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = def.innerType;
    if (ctx.io !== "input")
        return;
    const value = serializeDefaultValue(def.defaultValue, schema, ctx, json, params);
    if (value !== UNREPRESENTABLE_DEFAULT)
        json._prefault = value;
};
const catchProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    to_json_schema_processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = def.innerType;
    let catchValue;
    try {
        catchValue = def.catchValue(undefined);
    }
    catch {
        handleUnrepresentable(schema, ctx, json, params, "Dynamic catch values are not supported in JSON Schema");
        return;
    }
    json.default = catchValue;
};
const pipeProcessor = (schema, ctx, _json, params) => {
    const def = schema._zod.def;
    const inIsTransform = def.in._zod.traits.has("$ZodTransform");
    const innerType = ctx.io === "input" ? (inIsTransform ? def.out : def.in) : def.out;
    to_json_schema_processSchema(innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = innerType;
};
const readonlyProcessor = (schema, ctx, json, params) => {
    const def = schema._zod.def;
    to_json_schema_processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = def.innerType;
    json.readOnly = true;
};
const promiseProcessor = (schema, ctx, _json, params) => {
    const def = schema._zod.def;
    to_json_schema_processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = def.innerType;
};
const optionalProcessor = (schema, ctx, _json, params) => {
    const def = schema._zod.def;
    to_json_schema_processSchema(def.innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = def.innerType;
};
const lazyProcessor = (schema, ctx, _json, params) => {
    const innerType = schema._zod.innerType;
    to_json_schema_processSchema(innerType, ctx, params);
    const seen = ctx.seen.get(schema);
    seen.ref = innerType;
};
// ==================== ALL PROCESSORS ====================
const allProcessors = {
    string: stringProcessor,
    number: numberProcessor,
    boolean: booleanProcessor,
    bigint: bigintProcessor,
    symbol: symbolProcessor,
    null: nullProcessor,
    undefined: undefinedProcessor,
    void: voidProcessor,
    never: neverProcessor,
    any: anyProcessor,
    unknown: unknownProcessor,
    date: dateProcessor,
    enum: enumProcessor,
    literal: literalProcessor,
    nan: nanProcessor,
    template_literal: templateLiteralProcessor,
    file: fileProcessor,
    success: successProcessor,
    custom: customProcessor,
    function: functionProcessor,
    transform: transformProcessor,
    map: mapProcessor,
    set: setProcessor,
    array: arrayProcessor,
    object: objectProcessor,
    union: unionProcessor,
    intersection: intersectionProcessor,
    tuple: tupleProcessor,
    record: recordProcessor,
    nullable: nullableProcessor,
    nonoptional: nonoptionalProcessor,
    default: defaultProcessor,
    prefault: prefaultProcessor,
    catch: catchProcessor,
    pipe: pipeProcessor,
    readonly: readonlyProcessor,
    promise: promiseProcessor,
    optional: optionalProcessor,
    lazy: lazyProcessor,
};
function toJSONSchema(input, params) {
    if ("_idmap" in input) {
        // Registry case
        const registry = input;
        const ctx = initializeContext({ ...params, processors: allProcessors });
        const defs = {};
        // First pass: process all schemas to build the seen map
        for (const entry of registry._idmap.entries()) {
            const [_, schema] = entry;
            processSchema(schema, ctx);
        }
        const schemas = {};
        const external = {
            registry,
            uri: params?.uri,
            defs,
        };
        // Update the context with external configuration
        ctx.external = external;
        // Second pass: emit each schema
        for (const entry of registry._idmap.entries()) {
            const [key, schema] = entry;
            extractDefs(ctx, schema);
            assignProp(schemas, key, finalize(ctx, schema));
        }
        if (Object.keys(defs).length > 0) {
            const defsSegment = ctx.target === "draft-2020-12" ? "$defs" : "definitions";
            schemas.__shared = {
                [defsSegment]: defs,
            };
        }
        return { schemas };
    }
    // Single schema case
    const ctx = initializeContext({ ...params, processors: allProcessors });
    processSchema(input, ctx);
    extractDefs(ctx, input);
    return finalize(ctx, input);
}

;// CONCATENATED MODULE: ./node_modules/zod/v4/locales/en.js

const error = () => {
    const Sizable = {
        string: { unit: "characters", verb: "to have" },
        file: { unit: "bytes", verb: "to have" },
        array: { unit: "items", verb: "to have" },
        set: { unit: "items", verb: "to have" },
        map: { unit: "entries", verb: "to have" },
    };
    function getSizing(origin) {
        return Sizable[origin] ?? null;
    }
    const FormatDictionary = {
        regex: "input",
        email: "email address",
        url: "URL",
        emoji: "emoji",
        uuid: "UUID",
        uuidv4: "UUIDv4",
        uuidv6: "UUIDv6",
        nanoid: "nanoid",
        guid: "GUID",
        cuid: "cuid",
        cuid2: "cuid2",
        ulid: "ULID",
        xid: "XID",
        ksuid: "KSUID",
        datetime: "ISO datetime",
        date: "ISO date",
        time: "ISO time",
        duration: "ISO duration",
        ipv4: "IPv4 address",
        ipv6: "IPv6 address",
        mac: "MAC address",
        cidrv4: "IPv4 range",
        cidrv6: "IPv6 range",
        base64: "base64-encoded string",
        base64url: "base64url-encoded string",
        json_string: "JSON string",
        e164: "E.164 number",
        currency_code: "currency code",
        credit_card: "credit card number",
        iban: "IBAN",
        jwt: "JWT",
        template_literal: "input",
    };
    // type names: missing keys = do not translate (use raw value via ?? fallback)
    const TypeDictionary = {
        // Compatibility: "nan" -> "NaN" for display
        nan: "NaN",
        // All other type names omitted - they fall back to raw values via ?? operator
    };
    function getTypeName(type, input) {
        if (type === "number" && typeof input === "number" && !Number.isFinite(input)) {
            return String(input);
        }
        return TypeDictionary[type] ?? type;
    }
    return (issue) => {
        switch (issue.code) {
            case "invalid_type": {
                const expected = getTypeName(issue.expected);
                const receivedType = parsedType(issue.input);
                const received = getTypeName(receivedType, issue.input);
                return `Invalid input: expected ${expected}, received ${received}`;
            }
            case "invalid_value":
                if (issue.values.length === 1)
                    return `Invalid input: expected ${stringifyPrimitive(issue.values[0])}`;
                return `Invalid option: expected one of ${joinValues(issue.values, "|")}`;
            case "too_big": {
                const adj = issue.exact ? "exactly " : issue.inclusive ? "<=" : "<";
                const sizing = getSizing(issue.origin);
                if (sizing)
                    return `Too big: expected ${issue.origin ?? "value"} to have ${adj}${issue.maximum.toString()} ${sizing.unit ?? "elements"}`;
                return `Too big: expected ${issue.origin ?? "value"} to be ${adj}${issue.maximum.toString()}`;
            }
            case "too_small": {
                const adj = issue.exact ? "exactly " : issue.inclusive ? ">=" : ">";
                const sizing = getSizing(issue.origin);
                if (sizing) {
                    return `Too small: expected ${issue.origin} to have ${adj}${issue.minimum.toString()} ${sizing.unit}`;
                }
                return `Too small: expected ${issue.origin} to be ${adj}${issue.minimum.toString()}`;
            }
            case "invalid_format": {
                const _issue = issue;
                if (_issue.format === "starts_with") {
                    return `Invalid string: must start with "${_issue.prefix}"`;
                }
                if (_issue.format === "ends_with")
                    return `Invalid string: must end with "${_issue.suffix}"`;
                if (_issue.format === "includes")
                    return `Invalid string: must include "${_issue.includes}"`;
                if (_issue.format === "regex")
                    return `Invalid string: must match pattern ${_issue.pattern}`;
                return `Invalid ${FormatDictionary[_issue.format] ?? issue.format}`;
            }
            case "not_multiple_of":
                return `Invalid number: must be a multiple of ${issue.divisor}`;
            case "unrecognized_keys":
                return `Unrecognized key${issue.keys.length > 1 ? "s" : ""}: ${joinValues(issue.keys, ", ")}`;
            case "invalid_key":
                return `Invalid key in ${issue.origin}`;
            case "invalid_union":
                if (issue.options && Array.isArray(issue.options) && issue.options.length > 0) {
                    const opts = issue.options.map((o) => `'${o}'`).join(" | ");
                    return `Invalid discriminator value. Expected ${opts}`;
                }
                if (issue.inclusive === false) {
                    return "Invalid input: more than one option matched";
                }
                return "Invalid input";
            case "invalid_element":
                return `Invalid value in ${issue.origin}`;
            default:
                return `Invalid input`;
        }
    };
};
/* harmony default export */ function en() {
    return {
        localeError: error(),
    };
}

;// CONCATENATED MODULE: ./node_modules/zod/v4/core/errors.js


/* Computing the message eagerly is expensive (pretty-printed JSON of all
 * issues), so defer it until first read. The accessor functions and
 * descriptors are shared across instances to keep error construction
 * cheap; the computed message is cached on the internals object. The
 * setter preserves plain assignment semantics for consumers that
 * overwrite `message`. */
function _getMessage() {
    const internals = this._zod;
    internals.message ?? (internals.message = JSON.stringify(internals.def, jsonStringifyReplacer, 2));
    return internals.message;
}
function _setMessage(value) {
    this._zod.message = value;
}
const _messageDesc = {
    get: _getMessage,
    set: _setMessage,
    enumerable: true,
    configurable: true,
};
const _issuesDesc = { value: undefined, enumerable: false };
/* Prototypes that already carry the lazy `toString`. Seeded with the
 * intrinsics so that `init` on a foreign object — it accepts any object —
 * can never install an accessor onto a prototype we do not own. */
const _installedToString = /* @__PURE__ */ new WeakSet([Object.prototype, Error.prototype]);
const initializer = (inst, def) => {
    inst.name = "$ZodError";
    // `_zod` is already non-enumerable: $constructor's init defined it with this same descriptor
    _issuesDesc.value = def;
    Object.defineProperty(inst, "issues", _issuesDesc);
    // Clear the shared slot; a retained `value` pins the last error's issues.
    _issuesDesc.value = undefined;
    Object.defineProperty(inst, "message", _messageDesc);
    /* `toString` lives as a non-enumerable lazy getter on the shared
     * prototype; on first access it caches a per-instance closure so
     * detached usage still works. */
    const proto = Object.getPrototypeOf(inst);
    if (!_installedToString.has(proto)) {
        _installedToString.add(proto);
        Object.defineProperty(proto, "toString", {
            configurable: true,
            enumerable: false,
            get() {
                const value = () => this.message;
                Object.defineProperty(this, "toString", { value, configurable: true, writable: true });
                return value;
            },
            set(value) {
                Object.defineProperty(this, "toString", { value, configurable: true, writable: true });
            },
        });
    }
};
const $ZodError = $constructor("$ZodError", initializer);
const $ZodRealError = $constructor("$ZodError", initializer, undefined, {
    Parent: Error,
});
/** Get-or-create `obj[key]` as an own data property. A path segment naming an inherited member
 * ("toString", "constructor") would otherwise read through to the prototype, and assigning
 * "__proto__" would hit the setter instead of creating a key. */
function node(obj, key, make) {
    if (!Object.prototype.hasOwnProperty.call(obj, key)) {
        if (key === "__proto__") {
            Object.defineProperty(obj, key, { value: make(), writable: true, enumerable: true, configurable: true });
        }
        else {
            obj[key] = make();
        }
    }
    return obj[key];
}
function flattenError(error, mapper = (issue) => issue.message) {
    const fieldErrors = {};
    const formErrors = [];
    for (const sub of error.issues) {
        if (sub.path.length > 0) {
            node(fieldErrors, sub.path[0], () => []).push(mapper(sub));
        }
        else {
            formErrors.push(mapper(sub));
        }
    }
    return { formErrors, fieldErrors };
}
function formatError(error, mapper = (issue) => issue.message) {
    const fieldErrors = { _errors: [] };
    const processError = (error, path = []) => {
        for (const issue of error.issues) {
            if (issue.code === "invalid_union" && issue.errors.length) {
                issue.errors.map((issues) => processError({ issues }, [...path, ...issue.path]));
            }
            else if (issue.code === "invalid_key") {
                processError({ issues: issue.issues }, [...path, ...issue.path]);
            }
            else if (issue.code === "invalid_element") {
                processError({ issues: issue.issues }, [...path, ...issue.path]);
            }
            else {
                const fullpath = [...path, ...issue.path];
                if (fullpath.length === 0) {
                    fieldErrors._errors.push(mapper(issue));
                }
                else {
                    let curr = fieldErrors;
                    let i = 0;
                    while (i < fullpath.length) {
                        const el = fullpath[i];
                        const terminal = i === fullpath.length - 1;
                        // `_errors` is reserved by this legacy format, so merge a matching path segment into the current node instead of treating its array as a child.
                        if (el === "_errors") {
                            if (terminal)
                                curr._errors.push(mapper(issue));
                            i++;
                            continue;
                        }
                        // A path element may collide with an inherited property name such as
                        // "__proto__" or "constructor". Truthiness checks read the prototype
                        // (so no node is created, then ._errors.push throws), and bracket
                        // assignment of "__proto__" hits the setter instead of creating an
                        // own key. Guard the read with hasOwnProperty and create the node
                        // with defineProperty so any path element becomes a real own key.
                        if (!Object.prototype.hasOwnProperty.call(curr, el)) {
                            Object.defineProperty(curr, el, {
                                value: { _errors: [] },
                                enumerable: true,
                                writable: true,
                                configurable: true,
                            });
                        }
                        const node = curr[el];
                        if (terminal) {
                            node._errors.push(mapper(issue));
                        }
                        curr = node;
                        i++;
                    }
                }
            }
        }
    };
    processError(error);
    return fieldErrors;
}
function treeifyError(error, mapper = (issue) => issue.message) {
    const result = { errors: [] };
    const processError = (error, path = []) => {
        var _a;
        for (const issue of error.issues) {
            if (issue.code === "invalid_union" && issue.errors.length) {
                // regular union error
                issue.errors.map((issues) => processError({ issues }, [...path, ...issue.path]));
            }
            else if (issue.code === "invalid_key") {
                processError({ issues: issue.issues }, [...path, ...issue.path]);
            }
            else if (issue.code === "invalid_element") {
                processError({ issues: issue.issues }, [...path, ...issue.path]);
            }
            else {
                const fullpath = [...path, ...issue.path];
                if (fullpath.length === 0) {
                    result.errors.push(mapper(issue));
                    continue;
                }
                let curr = result;
                let i = 0;
                while (i < fullpath.length) {
                    const el = fullpath[i];
                    const terminal = i === fullpath.length - 1;
                    if (typeof el === "string") {
                        curr.properties ?? (curr.properties = {});
                        // el may collide with an inherited property name ("__proto__",
                        // "constructor", ...); ??= reads the prototype so the node is never
                        // created and curr.errors.push throws. Guard with hasOwnProperty and
                        // create the node with defineProperty so "__proto__" becomes a real
                        // own key rather than invoking the prototype setter.
                        if (!Object.prototype.hasOwnProperty.call(curr.properties, el)) {
                            Object.defineProperty(curr.properties, el, {
                                value: { errors: [] },
                                enumerable: true,
                                writable: true,
                                configurable: true,
                            });
                        }
                        curr = curr.properties[el];
                    }
                    else {
                        curr.items ?? (curr.items = []);
                        (_a = curr.items)[el] ?? (_a[el] = { errors: [] });
                        curr = curr.items[el];
                    }
                    if (terminal) {
                        curr.errors.push(mapper(issue));
                    }
                    i++;
                }
            }
        }
    };
    processError(error);
    return result;
}
/** Format a ZodError as a human-readable string in the following form.
 *
 * From
 *
 * ```ts
 * ZodError {
 *   issues: [
 *     {
 *       expected: 'string',
 *       code: 'invalid_type',
 *       path: [ 'username' ],
 *       message: 'Invalid input: expected string'
 *     },
 *     {
 *       expected: 'number',
 *       code: 'invalid_type',
 *       path: [ 'favoriteNumbers', 1 ],
 *       message: 'Invalid input: expected number'
 *     }
 *   ];
 * }
 * ```
 *
 * to
 *
 * ```
 * username
 *   ✖ Expected number, received string at "username
 * favoriteNumbers[0]
 *   ✖ Invalid input: expected number
 * ```
 */
function toDotPath(_path) {
    const segs = [];
    const path = _path.map((seg) => (typeof seg === "object" ? seg.key : seg));
    for (const seg of path) {
        if (typeof seg === "number")
            segs.push(`[${seg}]`);
        else if (typeof seg === "symbol")
            segs.push(`[${JSON.stringify(String(seg))}]`);
        else if (/[^\w$]/.test(seg))
            segs.push(`[${JSON.stringify(seg)}]`);
        else {
            if (segs.length)
                segs.push(".");
            segs.push(seg);
        }
    }
    return segs.join("");
}
function prettifyError(error) {
    const lines = [];
    // sort by path length
    const issues = [...error.issues].sort((a, b) => (a.path ?? []).length - (b.path ?? []).length);
    // Process each issue
    for (const issue of issues) {
        lines.push(`✖ ${issue.message}`);
        if (issue.path?.length)
            lines.push(`  → at ${toDotPath(issue.path)}`);
    }
    // Convert Map to formatted string
    return lines.join("\n");
}

;// CONCATENATED MODULE: ./node_modules/zod/v4/core/parse.js



// Always both keys, so the `_params` read site in `_parse` sees one object shape rather than two.
function finalizeParams(callee, params) {
    return { callee: params?.callee ?? callee, Err: params?.Err };
}
const _parse = (_Err) => {
    const fn = (schema, value, _ctx, _params) => {
        const ctx = _ctx ? { ..._ctx, async: false } : { async: false };
        const result = schema._zod.run({ value, issues: [] }, ctx);
        if (result instanceof Promise) {
            throw new $ZodAsyncError();
        }
        if (result.issues.length) {
            const e = new (_params?.Err ?? _Err)(result.issues.map((iss) => finalizeIssue(iss, ctx, config())));
            captureStackTrace(e, _params?.callee ?? fn);
            throw e;
        }
        return result.value;
    };
    return fn;
};
const parse_parse = /* @__PURE__*/ _parse($ZodRealError);
const _parseAsync = (_Err) => {
    const fn = async (schema, value, _ctx, params) => {
        const ctx = _ctx ? { ..._ctx, async: true } : { async: true };
        let result = schema._zod.run({ value, issues: [] }, ctx);
        if (result instanceof Promise)
            result = await result;
        if (result.issues.length) {
            const e = new (params?.Err ?? _Err)(result.issues.map((iss) => finalizeIssue(iss, ctx, config())));
            captureStackTrace(e, params?.callee ?? fn);
            throw e;
        }
        return result.value;
    };
    return fn;
};
const parse_parseAsync = /* @__PURE__*/ _parseAsync($ZodRealError);
const _safeParse = (_Err) => (schema, value, _ctx) => {
    const ctx = _ctx ? { ..._ctx, async: false } : { async: false };
    const result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise) {
        throw new $ZodAsyncError();
    }
    return result.issues.length ? failure(_Err, result.issues, ctx) : { success: true, data: result.value };
};
const safeParse = /* @__PURE__*/ _safeParse($ZodRealError);
// the error is built on the first read of `error`: finalizing the issues and constructing the instance is most of a failing parse, and a caller that only branches on `success` never pays it. a getter in the literal keeps this small; the alternative, one shared accessor descriptor plus a hidden state slot, reads ~15% faster but costs ~75 B gzipped in every bundle
function failure(Err, issues, ctx) {
    let error;
    return {
        success: false,
        get error() {
            if (!error) {
                error = new Err(issues.map((iss) => finalizeIssue(iss, ctx, config())));
                // finalizeIssue drops `input`, so the built error holds nothing; keeping the raw issues past this point pins the parsed value for the life of the result
                issues = undefined;
                ctx = undefined;
            }
            return error;
        },
        set error(e) {
            error = e;
            // a replacement makes the getter's branch unreachable, so the captures have to go here too
            issues = undefined;
            ctx = undefined;
        },
    };
}
const _safeParseAsync = (_Err) => async (schema, value, _ctx) => {
    const ctx = _ctx ? { ..._ctx, async: true } : { async: true };
    let result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise)
        result = await result;
    return result.issues.length ? failure(_Err, result.issues, ctx) : { success: true, data: result.value };
};
const safeParseAsync = /* @__PURE__*/ _safeParseAsync($ZodRealError);
// registry mirrors of the compiler's sentinels, so this module never imports the compiler
const COMPILE_INVALID = /* @__PURE__ */ Symbol.for("zod.compile.invalid");
const COMPILE_FALLBACK = /* @__PURE__ */ Symbol.for("zod.compile.fallback");
// Deliberately tiny, because v8 will not inline a body carrying the fallback's object literals and throw. Everything that is not the compiled happy path lives in validateFallback, and that split is worth ~35% on a compiled schema.
const validate = ((schema, value, _ctx) => {
    const validator = schema._zod.bag.validator;
    if (validator !== undefined) {
        if (validator(value) !== COMPILE_INVALID)
            return true;
        // a definite sentinel means the runtime would reject, so skip the re-parse; a ctx can still change the answer
        if (validator.definite === true && _ctx === undefined)
            return false;
    }
    return validateFallback(schema, value, _ctx);
});
function validateFallback(schema, value, _ctx) {
    const ctx = _ctx
        ? { ..._ctx, async: false, abortEarly: true }
        : { async: false, abortEarly: true };
    const fallbackRun = schema._zod.bag.fallbackRun;
    let result;
    if (fallbackRun) {
        // skip nested fast paths on the fallback, so user callbacks keep the at-most-twice bound
        ctx[COMPILE_FALLBACK] = true;
        result = fallbackRun({ value, issues: [] }, ctx);
    }
    else {
        result = schema._zod.run({ value, issues: [] }, ctx);
    }
    if (result instanceof Promise) {
        throw new $ZodAsyncError();
    }
    return result.issues.length === 0;
}
// no fast path: the compiler keeps async parses on the runtime, because a promise-returning callback that is not declared async compiles to a throw
const parse_validateAsync = async (schema, value, _ctx) => {
    const ctx = _ctx
        ? { ..._ctx, async: true, abortEarly: true }
        : { async: true, abortEarly: true };
    let result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise)
        result = await result;
    return result.issues.length === 0;
};
const _encode = (_Err) => {
    const parse = _parse(_Err);
    const fn = (schema, value, _ctx, _params) => {
        const ctx = _ctx ? { ..._ctx, direction: "backward" } : { direction: "backward" };
        return parse(schema, value, ctx, finalizeParams(fn, _params));
    };
    return fn;
};
const encode = /* @__PURE__*/ _encode($ZodRealError);
const _decode = (_Err) => {
    const parse = _parse(_Err);
    const fn = (schema, value, _ctx, _params) => {
        return parse(schema, value, _ctx, finalizeParams(fn, _params));
    };
    return fn;
};
const decode = /* @__PURE__*/ _decode($ZodRealError);
const _encodeAsync = (_Err) => {
    const parseAsync = _parseAsync(_Err);
    const fn = async (schema, value, _ctx, _params) => {
        const ctx = _ctx ? { ..._ctx, direction: "backward" } : { direction: "backward" };
        return (await parseAsync(schema, value, ctx, finalizeParams(fn, _params)));
    };
    return fn;
};
const encodeAsync = /* @__PURE__*/ _encodeAsync($ZodRealError);
const _decodeAsync = (_Err) => {
    const parseAsync = _parseAsync(_Err);
    const fn = async (schema, value, _ctx, _params) => {
        return await parseAsync(schema, value, _ctx, finalizeParams(fn, _params));
    };
    return fn;
};
const decodeAsync = /* @__PURE__*/ _decodeAsync($ZodRealError);
const _safeEncode = (_Err) => (schema, value, _ctx) => {
    const ctx = _ctx ? { ..._ctx, direction: "backward" } : { direction: "backward" };
    return _safeParse(_Err)(schema, value, ctx);
};
const safeEncode = /* @__PURE__*/ _safeEncode($ZodRealError);
const _safeDecode = (_Err) => (schema, value, _ctx) => {
    return _safeParse(_Err)(schema, value, _ctx);
};
const safeDecode = /* @__PURE__*/ _safeDecode($ZodRealError);
const _safeEncodeAsync = (_Err) => async (schema, value, _ctx) => {
    const ctx = _ctx ? { ..._ctx, direction: "backward" } : { direction: "backward" };
    return _safeParseAsync(_Err)(schema, value, ctx);
};
const safeEncodeAsync = /* @__PURE__*/ _safeEncodeAsync($ZodRealError);
const _safeDecodeAsync = (_Err) => async (schema, value, _ctx) => {
    return _safeParseAsync(_Err)(schema, value, _ctx);
};
const safeDecodeAsync = /* @__PURE__*/ _safeDecodeAsync($ZodRealError);

;// CONCATENATED MODULE: ./node_modules/zod/v4/classic/errors.js



/* Prototypes that already carry the lazy helper methods. Seeded with the
 * intrinsics so that `init` on a foreign object — it accepts any object —
 * can never install an accessor onto a prototype we do not own. */
const _installedErrorProtos = /* @__PURE__ */ new WeakSet([Object.prototype, Error.prototype]);
/* Helper methods live as non-enumerable lazy getters on the shared
 * prototype instead of own properties on every instance. On first
 * access the getter allocates the per-instance closure and caches it
 * as a non-enumerable own property, so detached usage still works and
 * the allocation only happens for methods actually touched. */
function _lazyMethod(proto, key, make) {
    Object.defineProperty(proto, key, {
        configurable: true,
        enumerable: false,
        get() {
            const value = make(this);
            Object.defineProperty(this, key, { value, configurable: true, writable: true });
            return value;
        },
        set(value) {
            Object.defineProperty(this, key, { value, configurable: true, writable: true });
        },
    });
}
const errors_initializer = (inst, issues) => {
    $ZodError.init(inst, issues);
    inst.name = "ZodError";
    const proto = Object.getPrototypeOf(inst);
    if (_installedErrorProtos.has(proto))
        return;
    _installedErrorProtos.add(proto);
    _lazyMethod(proto, "format", (self) => (mapper) => formatError(self, mapper));
    _lazyMethod(proto, "flatten", (self) => (mapper) => flattenError(self, mapper));
    _lazyMethod(proto, "addIssue", (self) => (issue) => {
        self.issues.push(issue);
        self.message = JSON.stringify(self.issues, jsonStringifyReplacer, 2);
    });
    _lazyMethod(proto, "addIssues", (self) => (issues) => {
        self.issues.push(...issues);
        self.message = JSON.stringify(self.issues, jsonStringifyReplacer, 2);
    });
    Object.defineProperty(proto, "isEmpty", {
        configurable: true,
        enumerable: false,
        get() {
            return this.issues.length === 0;
        },
    });
};
const ZodError = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodError", errors_initializer)));
const ZodRealError = /*@__PURE__*/ $constructor("ZodError", errors_initializer, undefined, {
    Parent: Error,
});
// /** @deprecated Use `z.core.$ZodErrorMapCtx` instead. */
// export type ErrorMapCtx = core.$ZodErrorMapCtx;

;// CONCATENATED MODULE: ./node_modules/zod/v4/classic/parse.js


const classic_parse_parse = /* @__PURE__ */ _parse(ZodRealError);
const classic_parse_parseAsync = /* @__PURE__ */ _parseAsync(ZodRealError);
const parse_safeParse = /* @__PURE__ */ _safeParse(ZodRealError);
const parse_safeParseAsync = /* @__PURE__ */ _safeParseAsync(ZodRealError);

// Codec functions
const parse_encode = /* @__PURE__ */ _encode(ZodRealError);
const parse_decode = /* @__PURE__ */ _decode(ZodRealError);
const parse_encodeAsync = /* @__PURE__ */ _encodeAsync(ZodRealError);
const parse_decodeAsync = /* @__PURE__ */ _decodeAsync(ZodRealError);
const parse_safeEncode = /* @__PURE__ */ _safeEncode(ZodRealError);
const parse_safeDecode = /* @__PURE__ */ _safeDecode(ZodRealError);
const parse_safeEncodeAsync = /* @__PURE__ */ _safeEncodeAsync(ZodRealError);
const parse_safeDecodeAsync = /* @__PURE__ */ _safeDecodeAsync(ZodRealError);

;// CONCATENATED MODULE: ./node_modules/zod/v4/classic/schemas.js








// Register English as the default locale on first ZodType construction. Hooked into the `ZodType` `$constructor` (rather than a top-level `config(en())` in `external.ts`) so bundlers honoring `sideEffects: false` can't tree-shake it out — see #5953, #5725. An explicit `z.config(z.locales.xx())` call wins regardless of order, since this only sets the default when none is present.
function _ensureDefaultLocale() {
    if (!globalConfig.localeError)
        config(en());
}
// the default memoizer is read by the core container init, which runs before `ZodType.init`, so each container calls this first
function _ensureDefaultMemoizer() {
    if (!globalConfig.memoizer)
        config({ memoizer: memoizer() });
}
const ZodType = /*@__PURE__*/ $constructor("ZodType", (inst, def) => {
    _ensureDefaultLocale();
    $ZodType.init(inst, def);
    inst.def = def;
    inst.type = def.type;
    return inst;
}, {
    check(...chks) {
        const def = this.def;
        return this.clone(mergeDefs(def, {
            checks: [
                ...(def.checks ?? []),
                ...chks.map((ch) => typeof ch === "function" ? { _zod: { check: ch, def: { check: "custom" }, onattach: [] } } : ch),
            ],
        }), { parent: true });
    },
    with(...chks) {
        return this.check(...chks);
    },
    clone(def, params) {
        return clone(this, def, params);
    },
    brand() {
        return this;
    },
    register(reg, meta) {
        reg.add(this, meta);
        return this;
    },
    refine(check, params) {
        return this.check(refine(check, params));
    },
    superRefine(refinement, params) {
        return this.check(superRefine(refinement, params));
    },
    overwrite(fn) {
        return this.check(_overwrite(fn));
    },
    optional() {
        return optional(this);
    },
    exactOptional() {
        return exactOptional(this);
    },
    nullable() {
        return nullable(this);
    },
    nullish() {
        return optional(nullable(this));
    },
    nonoptional(params) {
        return nonoptional(this, params);
    },
    array() {
        return array(this);
    },
    or(arg) {
        return union([this, arg]);
    },
    and(arg) {
        return intersection(this, arg);
    },
    transform(tx) {
        return pipe(this, transform(tx));
    },
    default(d) {
        return schemas_default(this, d);
    },
    prefault(d) {
        return prefault(this, d);
    },
    catch(params) {
        return schemas_catch(this, params);
    },
    pipe(target) {
        return pipe(this, target);
    },
    readonly() {
        return readonly(this);
    },
    describe(description) {
        const cl = this.clone();
        globalRegistry.add(cl, { description });
        return cl;
    },
    meta(...args) {
        // overloaded: meta() returns the registered metadata, meta(data) returns a clone with `data` registered. The mapped type picks up the second overload, so we accept variadic any-args and return `any` to satisfy both at runtime.
        if (args.length === 0)
            return globalRegistry.get(this);
        const cl = this.clone();
        globalRegistry.add(cl, args[0]);
        return cl;
    },
    isOptional() {
        return this.safeParse(undefined).success;
    },
    isNullable() {
        return this.safeParse(null).success;
    },
    apply(fn, ...args) {
        return args.length === 0 ? fn(this) : fn(this, ...args);
    },
    // Overrides core's `~standard` to add `jsonSchema`. Must stay a prototype entry: redefining it per instance demotes instances to dictionary mode.
    get "~standard"() {
        return hide(this, "~standard", {
            ...standardProps(this),
            jsonSchema: {
                input: createStandardJSONSchemaMethod(this, "input"),
                output: createStandardJSONSchemaMethod(this, "output"),
            },
        });
    },
    set "~standard"(value) {
        own(this, "~standard", value);
    },
    parse: function _parse(data, params) {
        return classic_parse_parse(this, data, params, { callee: _parse });
    },
    parseAsync: async function _parseAsync(data, params) {
        return await classic_parse_parseAsync(this, data, params, { callee: _parseAsync });
    },
    safeParse(data, params) {
        return parse_safeParse(this, data, params);
    },
    async safeParseAsync(data, params) {
        return parse_safeParseAsync(this, data, params);
    },
    // `spa` is an alias: same function object as `safeParseAsync`, as before.
    get spa() {
        return this?.safeParseAsync;
    },
    set spa(value) {
        own(this, "spa", value);
    },
    validate(data, params) {
        return validate(this, data, params);
    },
    validateAsync(data, params) {
        return parse_validateAsync(this, data, params);
    },
    encode: function _encode(data, params) {
        return parse_encode(this, data, params, { callee: _encode });
    },
    decode: function _decode(data, params) {
        return parse_decode(this, data, params, { callee: _decode });
    },
    encodeAsync: async function _encodeAsync(data, params) {
        return await parse_encodeAsync(this, data, params, { callee: _encodeAsync });
    },
    decodeAsync: async function _decodeAsync(data, params) {
        return await parse_decodeAsync(this, data, params, { callee: _decodeAsync });
    },
    safeEncode(data, params) {
        return parse_safeEncode(this, data, params);
    },
    safeDecode(data, params) {
        return parse_safeDecode(this, data, params);
    },
    async safeEncodeAsync(data, params) {
        return parse_safeEncodeAsync(this, data, params);
    },
    async safeDecodeAsync(data, params) {
        return parse_safeDecodeAsync(this, data, params);
    },
    toJSONSchema(params) {
        return createToJSONSchemaMethod(this, {})(params);
    },
    // Reads through to the registry on every access, so it must not cache.
    get description() {
        return globalRegistry.get(this)?.description;
    },
    // No setter: `schema._def = x` throws, as it did when `_def` was a non-writable own property.
    get _def() {
        return this._zod.def;
    },
});
/** @internal */
const _ZodString = /*@__PURE__*/ $constructor("_ZodString", (inst, def) => {
    $ZodString.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => stringProcessor(inst, ctx, json, params);
}, 
/*@__PURE__*/ derived({
    format: (inst) => aggregateChecks(inst).format ?? null,
    minLength: (inst) => aggregateChecks(inst).minimum ?? null,
    maxLength: (inst) => aggregateChecks(inst).maximum ?? null,
}, {
    regex(...args) {
        return this.check(_regex(...args));
    },
    includes(...args) {
        return this.check(_includes(...args));
    },
    startsWith(...args) {
        return this.check(_startsWith(...args));
    },
    endsWith(...args) {
        return this.check(_endsWith(...args));
    },
    min(...args) {
        return this.check(_minLength(...args));
    },
    max(...args) {
        return this.check(_maxLength(...args));
    },
    length(...args) {
        return this.check(_length(...args));
    },
    nonempty(...args) {
        return this.check(_minLength(1, ...args));
    },
    lowercase(params) {
        return this.check(_lowercase(params));
    },
    uppercase(params) {
        return this.check(_uppercase(params));
    },
    trim() {
        return this.check(_trim());
    },
    normalize(...args) {
        return this.check(_normalize(...args));
    },
    toLowerCase() {
        return this.check(_toLowerCase());
    },
    toUpperCase() {
        return this.check(_toUpperCase());
    },
    slugify() {
        return this.check(_slugify());
    },
}));
const ZodString = /*@__PURE__*/ $constructor("ZodString", (inst, def) => {
    $ZodString.init(inst, def);
    _ZodString.init(inst, def);
}, {
    email(params) {
        return this.check(_email(ZodEmail, params));
    },
    url(params) {
        return this.check(_url(ZodURL, params));
    },
    jwt(params) {
        return this.check(_jwt(ZodJWT, params));
    },
    emoji(params) {
        return this.check(api_emoji(ZodEmoji, params));
    },
    guid(params) {
        return this.check(_guid(ZodGUID, params));
    },
    uuid(params) {
        return this.check(_uuid(ZodUUID, params));
    },
    uuidv4(params) {
        return this.check(_uuidv4(ZodUUID, params));
    },
    uuidv6(params) {
        return this.check(_uuidv6(ZodUUID, params));
    },
    uuidv7(params) {
        return this.check(_uuidv7(ZodUUID, params));
    },
    nanoid(params) {
        return this.check(_nanoid(ZodNanoID, params));
    },
    cuid(params) {
        return this.check(_cuid(ZodCUID, params));
    },
    cuid2(params) {
        return this.check(_cuid2(ZodCUID2, params));
    },
    ulid(params) {
        return this.check(_ulid(ZodULID, params));
    },
    base64(params) {
        return this.check(_base64(ZodBase64, params));
    },
    base64url(params) {
        return this.check(_base64url(ZodBase64URL, params));
    },
    xid(params) {
        return this.check(_xid(ZodXID, params));
    },
    ksuid(params) {
        return this.check(_ksuid(ZodKSUID, params));
    },
    ipv4(params) {
        return this.check(_ipv4(ZodIPv4, params));
    },
    ipv6(params) {
        return this.check(_ipv6(ZodIPv6, params));
    },
    cidrv4(params) {
        return this.check(_cidrv4(ZodCIDRv4, params));
    },
    cidrv6(params) {
        return this.check(_cidrv6(ZodCIDRv6, params));
    },
    e164(params) {
        return this.check(_e164(ZodE164, params));
    },
    datetime(params) {
        return this.check(_isoDateTime(ZodISODateTime, params));
    },
    date(params) {
        return this.check(_isoDate(ZodISODate, params));
    },
    time(params) {
        return this.check(_isoTime(ZodISOTime, params));
    },
    duration(params) {
        return this.check(_isoDuration(ZodISODuration, params));
    },
});
function schemas_string(params) {
    return _string(ZodString, params);
}
const ZodStringFormat = /*@__PURE__*/ $constructor("ZodStringFormat", (inst, def) => {
    $ZodStringFormat.init(inst, def);
    _ZodString.init(inst, def);
});
const ZodISODateTime = /*@__PURE__*/ $constructor("ZodISODateTime", (inst, def) => {
    $ZodISODateTime.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodISODate = /*@__PURE__*/ $constructor("ZodISODate", (inst, def) => {
    $ZodISODate.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodISOTime = /*@__PURE__*/ $constructor("ZodISOTime", (inst, def) => {
    $ZodISOTime.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodISODuration = /*@__PURE__*/ $constructor("ZodISODuration", (inst, def) => {
    $ZodISODuration.init(inst, def);
    ZodStringFormat.init(inst, def);
});
const ZodEmail = /*@__PURE__*/ $constructor("ZodEmail", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodEmail.init(inst, def);
    ZodStringFormat.init(inst, def);
});
function schemas_email(params) {
    return core._email(ZodEmail, params);
}
const ZodGUID = /*@__PURE__*/ $constructor("ZodGUID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodGUID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
function schemas_guid(params) {
    return core._guid(ZodGUID, params);
}
const ZodUUID = /*@__PURE__*/ $constructor("ZodUUID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodUUID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
function schemas_uuid(params) {
    return core._uuid(ZodUUID, params);
}
function uuidv4(params) {
    return core._uuidv4(ZodUUID, params);
}
// ZodUUIDv6
function uuidv6(params) {
    return core._uuidv6(ZodUUID, params);
}
// ZodUUIDv7
function uuidv7(params) {
    return core._uuidv7(ZodUUID, params);
}
const ZodURL = /*@__PURE__*/ $constructor("ZodURL", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodURL.init(inst, def);
    ZodStringFormat.init(inst, def);
});
function url(params) {
    return core._url(ZodURL, params);
}
function httpUrl(params) {
    return core._url(ZodURL, {
        protocol: regexes.httpProtocol,
        hostname: regexes.domain,
        ...util.normalizeParams(params),
    });
}
const ZodEmoji = /*@__PURE__*/ $constructor("ZodEmoji", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodEmoji.init(inst, def);
    ZodStringFormat.init(inst, def);
});
function schemas_emoji(params) {
    return core._emoji(ZodEmoji, params);
}
const ZodNanoID = /*@__PURE__*/ $constructor("ZodNanoID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodNanoID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
function schemas_nanoid(params) {
    return core._nanoid(ZodNanoID, params);
}
/**
 * @deprecated CUID v1 is deprecated by its authors due to information leakage
 * (timestamps embedded in the id). Use {@link ZodCUID2} instead.
 * See https://github.com/paralleldrive/cuid.
 */
const ZodCUID = /*@__PURE__*/ $constructor("ZodCUID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodCUID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
/**
 * Validates a CUID v1 string.
 *
 * @deprecated CUID v1 is deprecated by its authors due to information leakage
 * (timestamps embedded in the id). Use {@link cuid2 | `z.cuid2()`} instead.
 * See https://github.com/paralleldrive/cuid.
 */
function schemas_cuid(params) {
    return core._cuid(ZodCUID, params);
}
const ZodCUID2 = /*@__PURE__*/ $constructor("ZodCUID2", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodCUID2.init(inst, def);
    ZodStringFormat.init(inst, def);
});
function schemas_cuid2(params) {
    return core._cuid2(ZodCUID2, params);
}
const ZodULID = /*@__PURE__*/ $constructor("ZodULID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodULID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
function schemas_ulid(params) {
    return core._ulid(ZodULID, params);
}
const ZodXID = /*@__PURE__*/ $constructor("ZodXID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodXID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
function schemas_xid(params) {
    return core._xid(ZodXID, params);
}
const ZodKSUID = /*@__PURE__*/ $constructor("ZodKSUID", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodKSUID.init(inst, def);
    ZodStringFormat.init(inst, def);
});
function schemas_ksuid(params) {
    return core._ksuid(ZodKSUID, params);
}
const ZodIPv4 = /*@__PURE__*/ $constructor("ZodIPv4", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodIPv4.init(inst, def);
    ZodStringFormat.init(inst, def);
});
function schemas_ipv4(params) {
    return core._ipv4(ZodIPv4, params);
}
const ZodMAC = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodMAC", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    core.$ZodMAC.init(inst, def);
    ZodStringFormat.init(inst, def);
})));
function schemas_mac(params) {
    return core._mac(ZodMAC, params);
}
const ZodIPv6 = /*@__PURE__*/ $constructor("ZodIPv6", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodIPv6.init(inst, def);
    ZodStringFormat.init(inst, def);
});
function schemas_ipv6(params) {
    return core._ipv6(ZodIPv6, params);
}
const ZodCIDRv4 = /*@__PURE__*/ $constructor("ZodCIDRv4", (inst, def) => {
    $ZodCIDRv4.init(inst, def);
    ZodStringFormat.init(inst, def);
});
function schemas_cidrv4(params) {
    return core._cidrv4(ZodCIDRv4, params);
}
const ZodCIDRv6 = /*@__PURE__*/ $constructor("ZodCIDRv6", (inst, def) => {
    $ZodCIDRv6.init(inst, def);
    ZodStringFormat.init(inst, def);
});
function schemas_cidrv6(params) {
    return core._cidrv6(ZodCIDRv6, params);
}
const ZodBase64 = /*@__PURE__*/ $constructor("ZodBase64", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodBase64.init(inst, def);
    ZodStringFormat.init(inst, def);
});
function schemas_base64(params) {
    return core._base64(ZodBase64, params);
}
const ZodBase64URL = /*@__PURE__*/ $constructor("ZodBase64URL", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodBase64URL.init(inst, def);
    ZodStringFormat.init(inst, def);
});
function schemas_base64url(params) {
    return core._base64url(ZodBase64URL, params);
}
const ZodE164 = /*@__PURE__*/ $constructor("ZodE164", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodE164.init(inst, def);
    ZodStringFormat.init(inst, def);
});
function schemas_e164(params) {
    return core._e164(ZodE164, params);
}
const ZodCreditCard = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodCreditCard", (inst, def) => {
    core.$ZodCreditCard.init(inst, def);
    ZodStringFormat.init(inst, def);
})));
function schemas_creditCard(params) {
    return core._creditCard(ZodCreditCard, params);
}
const ZodIBAN = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodIBAN", (inst, def) => {
    core.$ZodIBAN.init(inst, def);
    ZodStringFormat.init(inst, def);
})));
function schemas_iban(params) {
    return core._iban(ZodIBAN, params);
}
const ZodJWT = /*@__PURE__*/ $constructor("ZodJWT", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    $ZodJWT.init(inst, def);
    ZodStringFormat.init(inst, def);
});
function jwt(params) {
    return core._jwt(ZodJWT, params);
}
const ZodCustomStringFormat = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodCustomStringFormat", (inst, def) => {
    // ZodStringFormat.init(inst, def);
    core.$ZodCustomStringFormat.init(inst, def);
    ZodStringFormat.init(inst, def);
})));
function stringFormat(format, fnOrRegex, _params = {}) {
    return core._stringFormat(ZodCustomStringFormat, format, fnOrRegex, _params);
}
function schemas_hostname(_params) {
    return core._stringFormat(ZodCustomStringFormat, "hostname", regexes.hostname, _params);
}
function schemas_hex(_params) {
    return core._stringFormat(ZodCustomStringFormat, "hex", regexes.hex, _params);
}
function schemas_currencyCode(_params) {
    return core._stringFormat(ZodCustomStringFormat, "currency_code", regexes.currencyCode, _params);
}
function hash(alg, params) {
    const enc = params?.enc ?? "hex";
    const format = `${alg}_${enc}`;
    const regex = core.regexes[format];
    if (!regex)
        throw new Error(`Unrecognized hash format: ${format}`);
    return core._stringFormat(ZodCustomStringFormat, format, regex, params);
}
const ZodNumber = /*@__PURE__*/ $constructor("ZodNumber", (inst, def) => {
    $ZodNumber.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => numberProcessor(inst, ctx, json, params);
    inst.isFinite = true;
}, 
/*@__PURE__*/ derived({
    minValue: (inst) => {
        const { minimum, exclusiveMinimum } = aggregateChecks(inst);
        return Math.max(minimum ?? Number.NEGATIVE_INFINITY, exclusiveMinimum ?? Number.NEGATIVE_INFINITY);
    },
    maxValue: (inst) => {
        const { maximum, exclusiveMaximum } = aggregateChecks(inst);
        return Math.min(maximum ?? Number.POSITIVE_INFINITY, exclusiveMaximum ?? Number.POSITIVE_INFINITY);
    },
    isInt: (inst) => {
        const { isInt, multipleOf } = aggregateChecks(inst);
        return !!isInt || !!multipleOf?.some(Number.isSafeInteger);
    },
    format: (inst) => aggregateChecks(inst).format ?? null,
}, {
    gt(value, params) {
        return this.check(_gt(value, params));
    },
    gte(value, params) {
        return this.check(_gte(value, params));
    },
    min(value, params) {
        return this.check(_gte(value, params));
    },
    lt(value, params) {
        return this.check(_lt(value, params));
    },
    lte(value, params) {
        return this.check(_lte(value, params));
    },
    max(value, params) {
        return this.check(_lte(value, params));
    },
    int(params) {
        return this.check(schemas_int(params));
    },
    safe(params) {
        return this.check(schemas_int(params));
    },
    positive(params) {
        return this.check(_gt(0, params));
    },
    nonnegative(params) {
        return this.check(_gte(0, params));
    },
    negative(params) {
        return this.check(_lt(0, params));
    },
    nonpositive(params) {
        return this.check(_lte(0, params));
    },
    multipleOf(value, params) {
        return this.check(_multipleOf(value, params));
    },
    step(value, params) {
        return this.check(_multipleOf(value, params));
    },
    finite() {
        return this;
    },
}));
function schemas_number(params) {
    return core._number(ZodNumber, params);
}
const ZodNumberFormat = /*@__PURE__*/ $constructor("ZodNumberFormat", (inst, def) => {
    $ZodNumberFormat.init(inst, def);
    ZodNumber.init(inst, def);
});
function schemas_int(params) {
    return _int(ZodNumberFormat, params);
}
function float32(params) {
    return core._float32(ZodNumberFormat, params);
}
function float64(params) {
    return core._float64(ZodNumberFormat, params);
}
function int32(params) {
    return core._int32(ZodNumberFormat, params);
}
function uint32(params) {
    return core._uint32(ZodNumberFormat, params);
}
const ZodBoolean = /*@__PURE__*/ $constructor("ZodBoolean", (inst, def) => {
    $ZodBoolean.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => booleanProcessor(inst, ctx, json, params);
});
function schemas_boolean(params) {
    return _boolean(ZodBoolean, params);
}
const ZodBigInt = /*@__PURE__*/ $constructor("ZodBigInt", (inst, def) => {
    $ZodBigInt.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => bigintProcessor(inst, ctx, json, params);
}, 
/*@__PURE__*/ derived({
    minValue: (inst) => aggregateChecks(inst).minimum ?? null,
    maxValue: (inst) => aggregateChecks(inst).maximum ?? null,
    format: (inst) => aggregateChecks(inst).format ?? null,
}, {
    gte(value, params) {
        return this.check(_gte(value, params));
    },
    min(value, params) {
        return this.check(_gte(value, params));
    },
    gt(value, params) {
        return this.check(_gt(value, params));
    },
    lt(value, params) {
        return this.check(_lt(value, params));
    },
    lte(value, params) {
        return this.check(_lte(value, params));
    },
    max(value, params) {
        return this.check(_lte(value, params));
    },
    positive(params) {
        return this.check(_gt(BigInt(0), params));
    },
    negative(params) {
        return this.check(_lt(BigInt(0), params));
    },
    nonpositive(params) {
        return this.check(_lte(BigInt(0), params));
    },
    nonnegative(params) {
        return this.check(_gte(BigInt(0), params));
    },
    multipleOf(value, params) {
        return this.check(_multipleOf(value, params));
    },
}));
function schemas_bigint(params) {
    return _bigint(ZodBigInt, params);
}
const ZodBigIntFormat = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodBigIntFormat", (inst, def) => {
    core.$ZodBigIntFormat.init(inst, def);
    ZodBigInt.init(inst, def);
})));
function int64(params) {
    return core._int64(ZodBigIntFormat, params);
}
function uint64(params) {
    return core._uint64(ZodBigIntFormat, params);
}
const ZodSymbol = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodSymbol", (inst, def) => {
    core.$ZodSymbol.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => processors.symbolProcessor(inst, ctx, json, params);
})));
function symbol(params) {
    return core._symbol(ZodSymbol, params);
}
const ZodUndefined = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodUndefined", (inst, def) => {
    core.$ZodUndefined.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => processors.undefinedProcessor(inst, ctx, json, params);
})));
function schemas_undefined(params) {
    return core._undefined(ZodUndefined, params);
}

const ZodNull = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodNull", (inst, def) => {
    core.$ZodNull.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => processors.nullProcessor(inst, ctx, json, params);
})));
function schemas_null(params) {
    return core._null(ZodNull, params);
}

const ZodAny = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodAny", (inst, def) => {
    core.$ZodAny.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => processors.anyProcessor(inst, ctx, json, params);
})));
function any() {
    return core._any(ZodAny);
}
const ZodUnknown = /*@__PURE__*/ $constructor("ZodUnknown", (inst, def) => {
    $ZodUnknown.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => unknownProcessor(inst, ctx, json, params);
});
function unknown() {
    return _unknown(ZodUnknown);
}
const ZodNever = /*@__PURE__*/ $constructor("ZodNever", (inst, def) => {
    $ZodNever.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => neverProcessor(inst, ctx, json, params);
});
function never(params) {
    return _never(ZodNever, params);
}
const ZodVoid = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodVoid", (inst, def) => {
    core.$ZodVoid.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => processors.voidProcessor(inst, ctx, json, params);
})));
function schemas_void(params) {
    return core._void(ZodVoid, params);
}

const ZodDate = /*@__PURE__*/ $constructor("ZodDate", (inst, def) => {
    $ZodDate.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => dateProcessor(inst, ctx, json, params);
    inst.min = (value, params) => inst.check(_gte(value, params));
    inst.max = (value, params) => inst.check(_lte(value, params));
}, 
/*@__PURE__*/ derived({
    minDate: (inst) => {
        const { minimum } = aggregateChecks(inst);
        return minimum ? new Date(minimum) : null;
    },
    maxDate: (inst) => {
        const { maximum } = aggregateChecks(inst);
        return maximum ? new Date(maximum) : null;
    },
}, {}));
function schemas_date(params) {
    return core._date(ZodDate, params);
}
const ZodArray = /*@__PURE__*/ $constructor("ZodArray", (inst, def) => {
    _ensureDefaultMemoizer();
    $ZodArray.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => arrayProcessor(inst, ctx, json, params);
    inst.element = def.element;
}, {
    min(n, params) {
        return this.check(_minLength(n, params));
    },
    nonempty(params) {
        return this.check(_minLength(1, params));
    },
    max(n, params) {
        return this.check(_maxLength(n, params));
    },
    length(n, params) {
        return this.check(_length(n, params));
    },
    unwrap() {
        return this.element;
    },
});
function array(element, params) {
    return _array(ZodArray, element, params);
}
// .keyof
function keyof(schema) {
    const shape = schema._zod.def.shape;
    return schemas_enum(Object.keys(shape));
}
const ZodObject = /*@__PURE__*/ $constructor("ZodObject", (inst, def) => {
    _ensureDefaultMemoizer();
    $ZodObjectJIT.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => objectProcessor(inst, ctx, json, params);
    installLazyProp(inst, "shape", (self) => self._zod.def.shape, false);
}, {
    keyof() {
        return schemas_enum(Object.keys(this._zod.def.shape));
    },
    catchall(catchall) {
        // `mergeDefs` rather than a spread: spreading reads `shape`, and resolving it can mint a whole fresh subtree
        return this.clone(mergeDefs(this._zod.def, { catchall: catchall }));
    },
    passthrough() {
        return this.clone(mergeDefs(this._zod.def, { catchall: unknown() }));
    },
    loose() {
        return this.clone(mergeDefs(this._zod.def, { catchall: unknown() }));
    },
    strict() {
        return this.clone(mergeDefs(this._zod.def, { catchall: never() }));
    },
    strip() {
        return this.clone(mergeDefs(this._zod.def, { catchall: undefined }));
    },
    extend(incoming) {
        return extend(this, incoming);
    },
    safeExtend(incoming) {
        return safeExtend(this, incoming);
    },
    merge(other) {
        return merge(this, other);
    },
    pick(mask) {
        return pick(this, mask);
    },
    omit(mask) {
        return omit(this, mask);
    },
    partial(...args) {
        return partial(ZodOptional, this, args[0]);
    },
    exactPartial(...args) {
        return partial(ZodExactOptional, this, args[0], "exactPartial");
    },
    required(...args) {
        return required(ZodNonOptional, this, args[0]);
    },
});
function object(shape, params) {
    const def = {
        type: "object",
        shape: shape ?? {},
        ...normalizeParams(params),
    };
    return new ZodObject(def);
}
// strictObject
function strictObject(shape, params) {
    return new ZodObject({
        type: "object",
        shape,
        catchall: never(),
        ...util.normalizeParams(params),
    });
}
// looseObject
function looseObject(shape, params) {
    return new ZodObject({
        type: "object",
        shape,
        catchall: unknown(),
        ...util.normalizeParams(params),
    });
}
const ZodUnion = /*@__PURE__*/ $constructor("ZodUnion", (inst, def) => {
    $ZodUnion.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => unionProcessor(inst, ctx, json, params);
    inst.options = def.options;
});
function union(options, params) {
    return new ZodUnion({
        type: "union",
        options: options,
        ...normalizeParams(params),
    });
}
const ZodXor = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodXor", (inst, def) => {
    ZodUnion.init(inst, def);
    core.$ZodXor.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => processors.unionProcessor(inst, ctx, json, params);
    inst.options = def.options;
})));
/** Creates an exclusive union (XOR) where exactly one option must match.
 * Unlike regular unions that succeed when any option matches, xor fails if
 * zero or more than one option matches the input. */
function xor(options, params) {
    return new ZodXor({
        type: "union",
        options: options,
        inclusive: false,
        ...util.normalizeParams(params),
    });
}
const ZodDiscriminatedUnion = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodDiscriminatedUnion", (inst, def) => {
    ZodUnion.init(inst, def);
    core.$ZodDiscriminatedUnion.init(inst, def);
})));
function discriminatedUnion(discriminator, options, params) {
    // const [options, params] = args;
    return new ZodDiscriminatedUnion({
        type: "union",
        options: options,
        discriminator,
        ...util.normalizeParams(params),
    });
}
const ZodIntersection = /*@__PURE__*/ $constructor("ZodIntersection", (inst, def) => {
    $ZodIntersection.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => intersectionProcessor(inst, ctx, json, params);
});
function intersection(left, right) {
    return new ZodIntersection({
        type: "intersection",
        left: left,
        right: right,
    });
}
const ZodTuple = /*@__PURE__*/ $constructor("ZodTuple", (inst, def) => {
    _ensureDefaultMemoizer();
    $ZodTuple.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => tupleProcessor(inst, ctx, json, params);
}, {
    rest(rest) {
        return this.clone({
            ...this._zod.def,
            rest: rest,
        });
    },
    partial() {
        const def = this._zod.def;
        // a refinement was authored against the full arity; partialing would run it on a shorter array
        if (def.checks?.length)
            throw new Error(".partial() cannot be used on tuple schemas containing refinements");
        return this.clone({
            ...def,
            items: def.items.map((item) => new ZodOptional({ type: "optional", innerType: item })),
        });
    },
});
function tuple(items, _paramsOrRest, _params) {
    const hasRest = _paramsOrRest instanceof core.$ZodType;
    const params = hasRest ? _params : _paramsOrRest;
    const rest = hasRest ? _paramsOrRest : null;
    return new ZodTuple({
        type: "tuple",
        items: items,
        rest,
        ...util.normalizeParams(params),
    });
}
const ZodRecord = /*@__PURE__*/ $constructor("ZodRecord", (inst, def) => {
    _ensureDefaultMemoizer();
    $ZodRecord.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => recordProcessor(inst, ctx, json, params);
    inst.keyType = def.keyType;
    inst.valueType = def.valueType;
});
function record(keyType, valueType, params) {
    // v3-compat: z.record(valueType, params?) — defaults keyType to z.string()
    if (!valueType || !valueType._zod) {
        return new ZodRecord({
            type: "record",
            keyType: schemas_string(),
            valueType: keyType,
            ...normalizeParams(valueType),
        });
    }
    return new ZodRecord({
        type: "record",
        keyType,
        valueType: valueType,
        ...normalizeParams(params),
    });
}
// type alksjf = core.output<core.$ZodRecordKey>;
function partialRecord(keyType, valueType, params) {
    return new ZodRecord({
        type: "record",
        keyType,
        valueType: valueType,
        ...util.normalizeParams(params),
        partial: true,
    });
}
function looseRecord(keyType, valueType, params) {
    return new ZodRecord({
        type: "record",
        keyType,
        valueType: valueType,
        mode: "loose",
        ...util.normalizeParams(params),
    });
}
const ZodMap = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodMap", (inst, def) => {
    _ensureDefaultMemoizer();
    core.$ZodMap.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => processors.mapProcessor(inst, ctx, json, params);
    inst.keyType = def.keyType;
    inst.valueType = def.valueType;
    inst.min = (...args) => inst.check(core._minSize(...args));
    inst.nonempty = (params) => inst.check(core._minSize(1, params));
    inst.max = (...args) => inst.check(core._maxSize(...args));
    inst.size = (...args) => inst.check(core._size(...args));
})));
function map(keyType, valueType, params) {
    return new ZodMap({
        type: "map",
        keyType: keyType,
        valueType: valueType,
        ...util.normalizeParams(params),
    });
}
const ZodSet = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodSet", (inst, def) => {
    _ensureDefaultMemoizer();
    core.$ZodSet.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => processors.setProcessor(inst, ctx, json, params);
    inst.min = (...args) => inst.check(core._minSize(...args));
    inst.nonempty = (params) => inst.check(core._minSize(1, params));
    inst.max = (...args) => inst.check(core._maxSize(...args));
    inst.size = (...args) => inst.check(core._size(...args));
})));
function set(valueType, params) {
    return new ZodSet({
        type: "set",
        valueType: valueType,
        ...util.normalizeParams(params),
    });
}
const ZodEnum = /*@__PURE__*/ $constructor("ZodEnum", (inst, def) => {
    $ZodEnum.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => enumProcessor(inst, ctx, json, params);
    inst.enum = def.entries;
    // reuse the parsed value set so a numeric TS enum's reverse-mapping keys stay out
    inst.options = [...inst._zod.values];
    const keys = new Set(Object.keys(def.entries));
    inst.extract = (values, params) => {
        const newEntries = {};
        for (const value of values) {
            if (keys.has(value)) {
                newEntries[value] = def.entries[value];
            }
            else
                throw new Error(`Key ${value} not found in enum`);
        }
        return new ZodEnum({
            ...def,
            checks: [],
            ...normalizeParams(params),
            entries: newEntries,
        });
    };
    inst.exclude = (values, params) => {
        const newEntries = { ...def.entries };
        for (const value of values) {
            if (keys.has(value)) {
                delete newEntries[value];
            }
            else
                throw new Error(`Key ${value} not found in enum`);
        }
        return new ZodEnum({
            ...def,
            checks: [],
            ...normalizeParams(params),
            entries: newEntries,
        });
    };
});
function schemas_enum(values, params) {
    const entries = Array.isArray(values) ? Object.fromEntries(values.map((v) => [v, v])) : values;
    return new ZodEnum({
        type: "enum",
        entries,
        ...normalizeParams(params),
    });
}

/** @deprecated This API has been merged into `z.enum()`. Use `z.enum()` instead.
 *
 * ```ts
 * enum Colors { red, green, blue }
 * z.enum(Colors);
 * ```
 */
function nativeEnum(entries, params) {
    return new ZodEnum({
        type: "enum",
        entries,
        ...util.normalizeParams(params),
    });
}
const ZodLiteral = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodLiteral", (inst, def) => {
    core.$ZodLiteral.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => processors.literalProcessor(inst, ctx, json, params);
    inst.values = new Set(def.values);
    Object.defineProperty(inst, "value", {
        get() {
            if (def.values.length > 1) {
                throw new Error("This schema contains multiple valid literal values. Use `.values` instead.");
            }
            return def.values[0];
        },
    });
})));
function literal(value, params) {
    return new ZodLiteral({
        type: "literal",
        values: Array.isArray(value) ? value : [value],
        ...util.normalizeParams(params),
    });
}
const ZodFile = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodFile", (inst, def) => {
    core.$ZodFile.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => processors.fileProcessor(inst, ctx, json, params);
    inst.min = (size, params) => inst.check(core._minSize(size, params));
    inst.max = (size, params) => inst.check(core._maxSize(size, params));
    inst.mime = (types, params) => inst.check(core._mime(Array.isArray(types) ? types : [types], params));
})));
function file(params) {
    return core._file(ZodFile, params);
}
const ZodTransform = /*@__PURE__*/ $constructor("ZodTransform", (inst, def) => {
    _ensureDefaultMemoizer();
    $ZodTransform.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => transformProcessor(inst, ctx, json, params);
    inst._zod.parse = (payload, _ctx) => {
        if (_ctx.direction === "backward") {
            throw new $ZodEncodeError(inst.constructor.name);
        }
        payload.addIssue = (issue) => {
            if (typeof issue === "string") {
                payload.issues.push(util_issue(issue, payload.value, def));
            }
            else {
                // for Zod 3 backwards compatibility
                const _issue = issue;
                if (_issue.fatal)
                    _issue.continue = false;
                _issue.code ?? (_issue.code = "custom");
                if (!("input" in _issue))
                    _issue.input = payload.value;
                _issue.inst ?? (_issue.inst = inst);
                // _issue.continue ??= true;
                payload.issues.push(util_issue(_issue));
            }
        };
        const output = def.transform(payload.value, payload);
        if (output instanceof Promise) {
            return output.then((output) => {
                payload.value = output;
                return payload;
            });
        }
        payload.value = output;
        return payload;
    };
});
function transform(fn) {
    return new ZodTransform({
        type: "transform",
        transform: fn,
    });
}
const ZodOptional = /*@__PURE__*/ $constructor("ZodOptional", (inst, def) => {
    $ZodOptional.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => optionalProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
});
function optional(innerType) {
    return new ZodOptional({
        type: "optional",
        innerType: innerType,
    });
}
const ZodExactOptional = /*@__PURE__*/ $constructor("ZodExactOptional", (inst, def) => {
    $ZodExactOptional.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => optionalProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
});
function exactOptional(innerType) {
    return new ZodExactOptional({
        type: "optional",
        innerType: innerType,
    });
}
const ZodNullable = /*@__PURE__*/ $constructor("ZodNullable", (inst, def) => {
    $ZodNullable.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => nullableProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
});
function nullable(innerType) {
    return new ZodNullable({
        type: "nullable",
        innerType: innerType,
    });
}
// nullish
function schemas_nullish(innerType) {
    return optional(nullable(innerType));
}
const ZodDefault = /*@__PURE__*/ $constructor("ZodDefault", (inst, def) => {
    $ZodDefault.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => defaultProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
    inst.removeDefault = inst.unwrap;
});
function schemas_default(innerType, defaultValue) {
    return new ZodDefault({
        type: "default",
        innerType: innerType,
        get defaultValue() {
            return typeof defaultValue === "function" ? defaultValue() : shallowClone(defaultValue);
        },
    });
}
const ZodPrefault = /*@__PURE__*/ $constructor("ZodPrefault", (inst, def) => {
    $ZodPrefault.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => prefaultProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
});
function prefault(innerType, defaultValue) {
    return new ZodPrefault({
        type: "prefault",
        innerType: innerType,
        get defaultValue() {
            return typeof defaultValue === "function" ? defaultValue() : shallowClone(defaultValue);
        },
    });
}
const ZodNonOptional = /*@__PURE__*/ $constructor("ZodNonOptional", (inst, def) => {
    $ZodNonOptional.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => nonoptionalProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
});
function nonoptional(innerType, params) {
    return new ZodNonOptional({
        type: "nonoptional",
        innerType: innerType,
        ...normalizeParams(params),
    });
}
const ZodSuccess = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodSuccess", (inst, def) => {
    core.$ZodSuccess.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => processors.successProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
})));
function success(innerType) {
    return new ZodSuccess({
        type: "success",
        innerType: innerType,
    });
}
const ZodCatch = /*@__PURE__*/ $constructor("ZodCatch", (inst, def) => {
    $ZodCatch.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => catchProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
    inst.removeCatch = inst.unwrap;
});
function schemas_catch(innerType, catchValue) {
    return new ZodCatch({
        type: "catch",
        innerType: innerType,
        catchValue: (typeof catchValue === "function" ? catchValue : constantCatch(catchValue)),
    });
}

const ZodNaN = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodNaN", (inst, def) => {
    core.$ZodNaN.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => processors.nanProcessor(inst, ctx, json, params);
})));
function nan(params) {
    return core._nan(ZodNaN, params);
}
const ZodPipe = /*@__PURE__*/ $constructor("ZodPipe", (inst, def) => {
    $ZodPipe.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => pipeProcessor(inst, ctx, json, params);
    inst.in = def.in;
    inst.out = def.out;
});
function pipe(in_, out) {
    return new ZodPipe({
        type: "pipe",
        in: in_,
        out: out,
        // ...util.normalizeParams(params),
    });
}
const ZodCodec = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodCodec", (inst, def) => {
    ZodPipe.init(inst, def);
    core.$ZodCodec.init(inst, def);
})));
function codec(in_, out, params) {
    return new ZodCodec({
        type: "pipe",
        in: in_,
        out: out,
        transform: params.decode,
        reverseTransform: params.encode,
    });
}
function invertCodec(codec) {
    const def = codec._zod.def;
    return new ZodCodec({
        type: "pipe",
        in: def.out,
        out: def.in,
        transform: def.reverseTransform,
        reverseTransform: def.transform,
    });
}
const ZodPreprocess = /*@__PURE__*/ $constructor("ZodPreprocess", (inst, def) => {
    ZodPipe.init(inst, def);
    $ZodPreprocess.init(inst, def);
});
const ZodReadonly = /*@__PURE__*/ $constructor("ZodReadonly", (inst, def) => {
    $ZodReadonly.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => readonlyProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
});
function readonly(innerType) {
    return new ZodReadonly({
        type: "readonly",
        innerType: innerType,
    });
}
const ZodTemplateLiteral = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodTemplateLiteral", (inst, def) => {
    core.$ZodTemplateLiteral.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => processors.templateLiteralProcessor(inst, ctx, json, params);
})));
function templateLiteral(parts, params) {
    return new ZodTemplateLiteral({
        type: "template_literal",
        parts,
        ...util.normalizeParams(params),
    });
}
const ZodLazy = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodLazy", (inst, def) => {
    core.$ZodLazy.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => processors.lazyProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.getter();
})));
function lazy(getter) {
    return new ZodLazy({
        type: "lazy",
        getter: getter,
    });
}
const ZodPromise = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodPromise", (inst, def) => {
    core.$ZodPromise.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => processors.promiseProcessor(inst, ctx, json, params);
    inst.unwrap = () => inst._zod.def.innerType;
})));
function promise(innerType) {
    return new ZodPromise({
        type: "promise",
        innerType: innerType,
    });
}
const ZodFunction = /*@__PURE__*/ (/* unused pure expression or super */ null && (core.$constructor("ZodFunction", (inst, def) => {
    core.$ZodFunction.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => processors.functionProcessor(inst, ctx, json, params);
})));
function _function(params) {
    return new ZodFunction({
        type: "function",
        input: Array.isArray(params?.input) ? tuple(params?.input) : (params?.input ?? array(unknown())),
        output: params?.output ?? unknown(),
    });
}

const ZodCustom = /*@__PURE__*/ $constructor("ZodCustom", (inst, def) => {
    $ZodCustom.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => customProcessor(inst, ctx, json, params);
});
// custom checks
function check(fn) {
    const ch = new core.$ZodCheck({
        check: "custom",
        // ...util.normalizeParams(params),
    });
    ch._zod.check = fn;
    return ch;
}
function custom(fn, _params) {
    return core._custom(ZodCustom, fn ?? (() => true), _params);
}
function refine(fn, _params = {}) {
    return _refine(ZodCustom, fn, _params);
}
// superRefine
function superRefine(fn, params) {
    return _superRefine(fn, params);
}
// Re-export describe and meta from core
const schemas_describe = describe;
const schemas_meta = meta;
const ZodInstanceOf = /*@__PURE__*/ $constructor("ZodInstanceOf", (inst, def) => {
    ZodCustom.init(inst, def);
}, {
    properties(shape, params) {
        // asserts in place, so the narrowed output type is truthful without a wrapper
        return this.check(_properties(shape, params));
    },
});
function _instanceof(cls, params = {}) {
    const inst = new ZodInstanceOf({
        type: "custom",
        check: "custom",
        fn: (data) => data instanceof cls,
        abort: true,
        ...util.normalizeParams(params),
    });
    inst._zod.bag.Class = cls;
    // Override check to emit invalid_type instead of custom
    inst._zod.check = (payload) => {
        if (!(payload.value instanceof cls)) {
            payload.issues.push({
                code: "invalid_type",
                expected: cls.name,
                input: payload.value,
                inst,
                path: [...(inst._zod.def.path ?? [])],
            });
        }
    };
    return inst;
}

// stringbool
const stringbool = (...args) => core._stringbool({
    Codec: ZodCodec,
    Boolean: ZodBoolean,
    String: ZodString,
}, ...args);
function json(params) {
    const jsonSchema = lazy(() => {
        return union([schemas_string(params), schemas_number(), schemas_boolean(), schemas_null(), array(jsonSchema), record(schemas_string(), jsonSchema)]);
    });
    return jsonSchema;
}
// preprocess
function preprocess(fn, schema) {
    return new ZodPreprocess({
        type: "pipe",
        in: transform(fn),
        out: schema,
    });
}

;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ./.build/src/platform/arch.js
// Only images that `-bios` can load belong in the UEFI lists. Checked with QEMU 7.2: x86 loads
// the 2 MB OVMF_CODE.fd and the unified OVMF.fd (2 MB or 4 MB) but rejects the split 4 MB
// OVMF_CODE_4M.fd ("could not load PC BIOS": its size is not a multiple of 64 KiB; it is meant
// for pflash with a VARS store). aarch64 `virt` loads both QEMU_EFI.fd (2 MB) and the 64 MB
// padded AAVMF_CODE.fd with -bios. Newer Debian and Ubuntu (24.04, GitHub's runners) dropped
// the 2 MB OVMF_CODE.fd; their unified OVMF.fd remains, hence it comes second. The x86 order
// is upstream vmtest's.
const X86_UEFI = [
    { code: 'usr/share/OVMF/OVMF_CODE.fd', vars: 'usr/share/OVMF/OVMF_VARS.fd' }, // Debian 12, Ubuntu ≤ 22.04 (ovmf)
    { code: 'usr/share/ovmf/OVMF.fd' }, // Debian, Ubuntu (unified; the only -bios image on 24.04)
    { code: 'usr/share/edk2/ovmf/OVMF_CODE.fd', vars: 'usr/share/edk2/ovmf/OVMF_VARS.fd' }, // Fedora (edk2-ovmf)
    { code: 'usr/share/edk2/x64/OVMF.4m.fd' }, // Arch (edk2-ovmf, unified 4 MB)
    { code: 'usr/share/edk2-ovmf/x64/OVMF_CODE.fd', vars: 'usr/share/edk2-ovmf/x64/OVMF_VARS.fd' }, // older Arch
    { code: 'usr/share/qemu/OVMF.fd' }, // Debian's link in QEMU's data folder
];
const AARCH64_UEFI = [
    { code: 'usr/share/qemu-efi-aarch64/QEMU_EFI.fd', vars: 'usr/share/qemu-efi-aarch64/QEMU_VARS.fd' }, // Debian, Ubuntu
    { code: 'usr/share/AAVMF/AAVMF_CODE.fd', vars: 'usr/share/AAVMF/AAVMF_VARS.fd' }, // same package, padded for pflash
    { code: 'usr/share/edk2/aarch64/QEMU_EFI.fd', vars: 'usr/share/edk2/aarch64/QEMU_VARS.fd' }, // Fedora, Arch (edk2-aarch64)
    { code: 'usr/share/edk2-armvirt/aarch64/QEMU_EFI.fd' }, // older Arch
];
const TABLE = {
    x86_64: {
        arch: 'x86_64',
        program: 'qemu-system-x86_64',
        qemuPackage: { debian: 'qemu-system-x86' },
        machine: [],
        tcgCpu: 'qemu64',
        console: '0',
        blkDevice: 'virtio-blk-pci',
        uefi: X86_UEFI,
        uefiPackage: 'ovmf',
        uefiHint: 'Install OVMF (Debian/Ubuntu: ovmf, Fedora/Arch: edk2-ovmf) or set vm.bios.',
        efiLoader: 'BOOTX64.EFI',
    },
    aarch64: {
        arch: 'aarch64',
        program: 'qemu-system-aarch64',
        qemuPackage: { debian: 'qemu-system-arm' },
        machine: ['-machine', 'virt,gic-version=3'],
        tcgCpu: 'max',
        console: 'ttyAMA0',
        blkDevice: 'virtio-blk-pci',
        uefi: AARCH64_UEFI,
        uefiPackage: 'qemu-efi-aarch64',
        uefiHint: 'Install AAVMF (Debian/Ubuntu: qemu-efi-aarch64, Fedora/Arch: edk2-aarch64) or set vm.bios.',
        efiLoader: 'BOOTAA64.EFI',
    },
    s390x: {
        arch: 's390x',
        program: 'qemu-system-s390x',
        // Debian ships s390x in qemu-system-misc (its qemu-system-s390x is virtual, which
        // `apt-get download` cannot fetch); Ubuntu has a package of its own.
        qemuPackage: { debian: 'qemu-system-misc', ubuntu: 'qemu-system-s390x' },
        machine: [],
        tcgCpu: 'max',
        console: '0',
        blkDevice: 'virtio-blk-ccw',
        uefi: [],
        uefiHint: 's390x has no UEFI: boot the image without uefi = true.',
    },
    riscv64: {
        arch: 'riscv64',
        program: 'qemu-system-riscv64',
        qemuPackage: { debian: 'qemu-system-misc' },
        machine: ['-machine', 'virt'],
        // sscofpmf: counter overflow interrupts, so perf sampling works in the guest (upstream).
        tcgCpu: 'rv64,sscofpmf=true',
        console: '0',
        blkDevice: 'virtio-blk-pci',
        // `-bios` replaces OpenSBI, and EDK2 for riscv64 runs on top of it from pflash: no default.
        uefi: [],
        uefiHint: 'Set vm.bios to a firmware file that QEMU can load with -bios.',
        efiLoader: 'BOOTRISCV64.EFI',
    },
};
function archFacts(arch) {
    const facts = TABLE[arch];
    // Targets come from validated config, but a bad cast should fail loudly, not build `undefined`.
    if (!facts)
        throw new Error(`unsupported arch '${String(arch)}' (supported: ${Object.keys(TABLE).join(', ')})`);
    return facts;
}
/** The package with `qemu-system-<arch>` on this OS (`os-release` ID). */
function qemuPackageFor(arch, osId) {
    const p = archFacts(arch).qemuPackage;
    return (osId === 'ubuntu' ? p.ubuntu : undefined) ?? p.debian;
}
/** Folders (relative to a root) that hold UEFI firmware of any arch: where a restored bundle
 *  or the system keeps its firmware files. */
function uefiFirmwareDirs() {
    const dirs = Object.values(TABLE).flatMap((f) => f.uefi.map((c) => c.code.slice(0, c.code.lastIndexOf('/'))));
    return [...new Set(dirs)];
}
// Node's names for the host CPU → vmtest's (upstream uses Rust's std::env::consts::ARCH).
const NODE_TO_ARCH = {
    x64: 'x86_64',
    arm64: 'aarch64',
    s390x: 's390x',
    riscv64: 'riscv64',
};
/** The host's arch in vmtest's naming, or undefined on a host vmtest cannot target. */
function hostArch(nodeArch = process.arch) {
    return NODE_TO_ARCH[nodeArch];
}

;// CONCATENATED MODULE: ./.build/src/config/arch.js

// The host's arch is a platform fact; the config reads it for its `arch` default.

function defaultQemuCommand(arch) {
    return archFacts(arch).program;
}

;// CONCATENATED MODULE: ./.build/src/config/errors.js
class ConfigError extends Error {
    file;
    line;
    column;
    reason;
    warnings;
    constructor(message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'ConfigError';
        this.file = options.file;
        this.line = options.line;
        this.column = options.column;
        this.reason = options.reason ?? message;
        this.warnings = options.warnings ?? [];
    }
    toDiagnostic() {
        return toDiagnostic(this);
    }
}
/** A ConfigError as a Diagnostic (for annotations: the location travels in the fields). */
function toDiagnostic(error) {
    const d = { message: error.reason };
    if (error.file !== undefined)
        d.file = error.file;
    if (error.line !== undefined)
        d.line = error.line;
    if (error.column !== undefined)
        d.column = error.column;
    return d;
}
/** `file:line:column: ` (only the parts that are known), or '' without a file. */
function formatLocation(file, line, column) {
    if (file === undefined)
        return '';
    let loc = file;
    if (line !== undefined) {
        loc += `:${line}`;
        if (column !== undefined)
            loc += `:${column}`;
    }
    return `${loc}: `;
}

;// CONCATENATED MODULE: ./.build/src/config/spec.js
// A target as the user wrote it (vmtest.toml, one-liner flags or action inputs), before
// defaults that depend on the host and before path resolution. All three front ends build a
// TargetSpec, check it with upstream's rules and resolve it the same way, so a rule or a default
// lives in one place.




const DEFAULT_NUM_CPUS = 2;
const DEFAULT_MEMORY = '4G';
const DEFAULT_ROOTFS = '/';
const DEFAULT_KVM_CPU_ARGS = 'host';
/** The one mapping of given fields onto a TargetSpec; what is not given keeps its default. */
function targetSpec(name, command, f) {
    const spec = {
        name,
        uefi: f.uefi ?? false,
        rootfs: f.rootfs ?? DEFAULT_ROOTFS,
        command,
        vm: {
            numCpus: f.num_cpus ?? DEFAULT_NUM_CPUS,
            memory: f.memory ?? DEFAULT_MEMORY,
            mounts: (f.mounts ?? []).map((m) => ({ ...m })),
            extraArgs: [...(f.extra_args ?? [])],
        },
    };
    if (f.kernel !== undefined)
        spec.kernel = f.kernel;
    if (f.image !== undefined)
        spec.image = f.image;
    if (f.kernel_args !== undefined)
        spec.kernelArgs = f.kernel_args;
    if (f.kernel_modules !== undefined)
        spec.kernelModules = f.kernel_modules;
    if (f.fail_on_test_failure !== undefined)
        spec.failOnTestFailure = f.fail_on_test_failure;
    if (f.test_output_source !== undefined)
        spec.testOutputSource = f.test_output_source;
    if (f.arch !== undefined)
        spec.arch = f.arch;
    if (f.qemu_command !== undefined)
        spec.qemuCommand = f.qemu_command;
    if (f.kvm_cpu_args !== undefined)
        spec.kvmCpuArgs = f.kvm_cpu_args;
    if (f.bios !== undefined)
        spec.vm.bios = f.bios;
    if (f.network !== undefined)
        spec.vm.network = f.network;
    if (f.shared_fs !== undefined)
        spec.vm.sharedFs = f.shared_fs;
    return spec;
}
/**
 * Upstream's per-target checks, in upstream's order, with upstream's exact wording; the first
 * failure wins. `index` is the target's position in its file. Remote sources (action
 * `kernel_url` / `image_url`) count as the kernel / image they will become.
 */
function upstreamRuleViolation(spec, index) {
    const name = spec.name;
    const hasKernel = spec.kernel !== undefined || spec.source?.kernelUrl !== undefined;
    const hasImage = spec.image !== undefined || spec.source?.imageUrl !== undefined;
    if (name === '')
        return `Target index=${index} name empty`;
    if (!hasImage && !hasKernel)
        return `Target '${name}' must specify 'image' or 'kernel'`;
    if (hasImage && hasKernel)
        return `Target '${name}' specified both 'image' and 'kernel'`;
    if (spec.uefi && !hasImage)
        return `Target '${name}' must specify 'image' with 'uefi'`;
    if (!spec.uefi && spec.vm.bios !== undefined) {
        return `Target '${name}' cannot specify a bios without setting 'uefi'`;
    }
    if (spec.kernelArgs !== undefined && !hasKernel) {
        return `Target '${name}' must specify 'kernel' with 'kernel_args'`;
    }
    if (spec.image === '')
        return `Target '${name}' has empty image path`;
    if (spec.kernel === '')
        return `Target '${name}' has empty kernel path`;
    // Not upstream's (it has no kernel_modules), in its style.
    if (spec.kernelModules !== undefined && !hasKernel)
        return `Target '${name}' must specify 'kernel' with 'kernel_modules'`;
    if (spec.kernelModules === '')
        return `Target '${name}' has empty kernel_modules path`;
    if (spec.command === '')
        return `Target '${name}' has empty command`;
    return undefined;
}
/** Throws upstream's `Invalid config` error for the first broken rule; the message names the
 *  file as `displayFile` (as the user wrote it), the error's `file` stays `origin.file`. */
function assertUpstreamRules(spec, origin, displayFile = origin.file) {
    const violation = upstreamRuleViolation(spec, origin.index);
    if (violation === undefined)
        return;
    const loc = formatLocation(displayFile, origin.line);
    throw new ConfigError(`Invalid config: ${loc}${violation}`, {
        file: origin.file,
        line: origin.line,
        reason: `Invalid config: ${violation}`,
    });
}
/**
 * Apply host-dependent defaults and resolve every path against `baseDir` (the config's
 * directory, or the working directory / workspace for one-liners and action inputs).
 * `baseDir` must be absolute.
 */
function resolveTarget(spec, baseDir, origin, 
/** The host's arch; null on a host vmtest cannot target (then every target needs `arch`). */
host = hostArch() ?? null) {
    const arch = spec.arch ?? host;
    if (arch === null) {
        const reason = `target '${spec.name}': no 'arch' given and this host (${process.arch}) is not one of ${ARCHES.join(', ')}`;
        throw new ConfigError(`${formatLocation(origin.file, origin.line)}${reason}`, {
            file: origin.file,
            line: origin.line,
            reason,
        });
    }
    const abs = (p) => external_node_path_namespaceObject.resolve(baseDir, p);
    const target = {
        name: spec.name,
        kind: spec.kernel !== undefined || spec.source?.kernelUrl !== undefined ? 'kernel' : 'image',
        arch,
        uefi: spec.uefi,
        rootfs: abs(spec.rootfs),
        qemuCommand: spec.qemuCommand ?? defaultQemuCommand(arch),
        command: spec.command,
        kvmCpuArgs: spec.kvmCpuArgs ?? DEFAULT_KVM_CPU_ARGS,
        vm: {
            numCpus: spec.vm.numCpus,
            memory: spec.vm.memory,
            mounts: spec.vm.mounts.map((m) => ({ guestPath: m.guestPath, hostPath: abs(m.hostPath), writable: m.writable })),
            extraArgs: [...spec.vm.extraArgs],
        },
        sharedDir: baseDir,
        origin,
    };
    if (spec.kernel !== undefined)
        target.kernel = abs(spec.kernel);
    if (spec.image !== undefined)
        target.image = abs(spec.image);
    if (spec.kernelArgs !== undefined)
        target.kernelArgs = spec.kernelArgs;
    if (spec.kernelModules !== undefined)
        target.kernelModules = abs(spec.kernelModules);
    if (spec.failOnTestFailure !== undefined)
        target.failOnTestFailure = spec.failOnTestFailure;
    if (spec.testOutputSource !== undefined)
        target.testOutputSource = spec.testOutputSource;
    if (spec.vm.bios !== undefined)
        target.vm.bios = abs(spec.vm.bios);
    if (spec.vm.network !== undefined && spec.vm.network !== 'none')
        target.vm.network = spec.vm.network;
    if (spec.vm.sharedFs === 'virtiofs')
        target.vm.sharedFs = spec.vm.sharedFs;
    if (spec.source !== undefined)
        target.source = { ...spec.source };
    return target;
}

;// CONCATENATED MODULE: ./.build/src/config/schema.js
// The shape of vmtest.toml (reference §1) as a zod schema, and readable messages for its
// issues. Types only: upstream's semantic rules (kernel XOR image, …) are in spec.ts so that
// one-liners and action inputs share them.
//
// smol-toml is asked for integers as BigInt so that `num_cpus = 2.0` (a TOML float) is told
// apart from `num_cpus = 2`, as upstream's u8 does.



const expect = (text) => ({ error: text });
const STRING = expect('expected string');
const BOOL = expect('expected boolean (true or false)');
const NUM_CPUS = expect('expected integer 1..255');
// zod's z.object accepts any object, and smol-toml gives TOML dates as Date objects: without
// this `vm = 1979-05-27` would pass as an empty table. A Date becomes a value no table
// schema accepts, so the table's own message names the field.
const notDate = (v) => (v instanceof Date ? `<date ${v.toISOString()}>` : v);
const MountSchema = object({
    host_path: schemas_string(STRING),
    writable: schemas_boolean(BOOL).default(false),
}, expect('expected table { host_path = "...", writable = false }'));
const VmSchema = object({
    num_cpus: schemas_bigint(NUM_CPUS).min(1n, NUM_CPUS).max(255n, NUM_CPUS).default(BigInt(DEFAULT_NUM_CPUS)),
    memory: schemas_string(STRING).default(DEFAULT_MEMORY),
    mounts: record(schemas_string(), preprocess(notDate, MountSchema), expect('expected table of "<guest path>" = { host_path = "..." }'))
        .default({}),
    bios: schemas_string(STRING).optional(),
    extra_args: array(schemas_string(STRING), expect('expected array of strings')).default([]),
    network: schemas_enum(NETWORKS, expect(`expected one of ${NETWORKS.join(', ')}`)).optional(),
    shared_fs: schemas_enum(SHARED_FSES, expect(`expected one of ${SHARED_FSES.join(', ')}`)).optional(),
}, expect('expected table'));
const TargetSchema = object({
    name: schemas_string(STRING),
    kernel: schemas_string(STRING).optional(),
    image: schemas_string(STRING).optional(),
    uefi: schemas_boolean(BOOL).default(false),
    kernel_args: schemas_string(STRING).optional(),
    kvm_cpu_args: schemas_string(STRING).optional(),
    rootfs: schemas_string(STRING).default(DEFAULT_ROOTFS),
    kernel_modules: schemas_string(STRING).optional(),
    arch: schemas_enum(ARCHES, expect(`expected one of ${ARCHES.join(', ')}`)).optional(),
    qemu_command: schemas_string(STRING).optional(),
    command: schemas_string(STRING),
    fail_on_test_failure: schemas_boolean(BOOL).optional(),
    test_output_source: schemas_enum(TEST_OUTPUT_SOURCES, expect(`expected one of ${TEST_OUTPUT_SOURCES.join(', ')}`))
        .optional(),
    // prefault (not default): the default {} is parsed, so the vm defaults apply.
    vm: preprocess(notDate, VmSchema).prefault({}),
}, expect('expected table'));
const ConfigSchema = object({ target: array(TargetSchema, expect('expected array of tables [[target]]')) }, expect('expected table'));
const TOP_KEYS = Object.keys(ConfigSchema.shape);
const TARGET_KEYS = Object.keys(TargetSchema.shape);
const VM_KEYS = Object.keys(VmSchema.shape);
const MOUNT_KEYS = Object.keys(MountSchema.shape);
/** A short description of a TOML value for "expected X, got Y". */
function describeValue(v) {
    if (typeof v === 'string') {
        const s = v.length > 40 ? `${v.slice(0, 37)}...` : v;
        return `string ${JSON.stringify(s)}`;
    }
    if (typeof v === 'bigint')
        return `integer ${v}`;
    if (typeof v === 'number') {
        if (Number.isNaN(v))
            return 'float nan';
        if (!Number.isFinite(v))
            return `float ${v > 0 ? 'inf' : '-inf'}`;
        return `float ${Number.isInteger(v) ? v.toFixed(1) : v}`;
    }
    if (typeof v === 'boolean')
        return `boolean ${v}`;
    if (Array.isArray(v))
        return 'array';
    if (v instanceof Date)
        return 'date-time';
    if (v !== null && typeof v === 'object') {
        // smol-toml's TomlDate extends Date; Temporal values (useLegacyDate=false) are objects too.
        return 'table';
    }
    return String(v);
}
const BARE = /^[A-Za-z0-9_-]+$/;
/** `vm.mounts."/tmp".host_path` */
function formatKeyPath(path) {
    return path
        .map((seg) => typeof seg === 'number' ? `[${seg}]` : BARE.test(String(seg)) ? String(seg) : JSON.stringify(String(seg)))
        .join('.')
        .replace(/\.\[/g, '[');
}

;// CONCATENATED MODULE: ./.build/src/config/unknown-keys.js

function isTable(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}
/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a, b) {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.length][b.length];
}
/**
 * The known name closest to `key`, if it is close enough to be a likely typo. `-` and `_`
 * count as the same character, so it serves TOML keys (`num-cpus` → `num_cpus`) and CLI flags
 * (`--kernal` → `--kernel`, `--boot_timeout` → `--boot-timeout`) alike.
 */
function closestKey(key, known) {
    let best;
    let bestDist = Infinity;
    const norm = (s) => s.toLowerCase().replace(/-/g, '_');
    const k = norm(key);
    for (const cand of known) {
        const dist = editDistance(k, norm(cand));
        if (dist < bestDist) {
            best = cand;
            bestDist = dist;
        }
    }
    // Allow about one edit per three characters (kernal→kernel, num_cpu→num_cpus, writeable→writable).
    return best !== undefined && bestDist <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}
function hint(key, known, elsewhere) {
    const close = closestKey(key, known);
    if (close !== undefined)
        return ` (did you mean '${close}'?)`;
    if (elsewhere?.keys.includes(key))
        return ` (${elsewhere.text(key)})`;
    return '';
}
/** Unknown keys at the top level, in each target, its `vm` table and each mount. */
function unknownKeyWarnings(data, locator, file) {
    const out = [];
    const warn = (path, message) => {
        const d = { message };
        if (file !== undefined)
            d.file = file;
        const line = locator.nearestLine(path);
        if (line !== undefined)
            d.line = line;
        out.push(d);
    };
    if (!isTable(data))
        return out;
    for (const key of Object.keys(data)) {
        if (TOP_KEYS.includes(key))
            continue;
        warn([key], `unknown key '${key}' at top level${hint(key, TOP_KEYS, {
            keys: TARGET_KEYS,
            text: () => 'target fields belong under a [[target]] header',
        })}`);
    }
    const targets = data.target;
    if (!Array.isArray(targets))
        return out;
    targets.forEach((t, i) => {
        if (!isTable(t))
            return;
        const label = typeof t.name === 'string' && t.name !== '' ? `'${t.name}'` : `#${i}`;
        for (const key of Object.keys(t)) {
            if (TARGET_KEYS.includes(key))
                continue;
            warn(['target', i, key], `unknown key '${key}' in [[target]] ${label}${hint(key, TARGET_KEYS, {
                keys: VM_KEYS,
                text: (k) => `did you mean 'vm.${k}'? it belongs in [target.vm]`,
            })}`);
        }
        const vm = t.vm;
        if (!isTable(vm))
            return;
        for (const key of Object.keys(vm)) {
            if (VM_KEYS.includes(key))
                continue;
            // The classic TOML trap: keys written after a `[target.vm]` header belong to vm.
            warn(['target', i, 'vm', key], `unknown key '${key}' in [target.vm] of ${label}${hint(key, VM_KEYS, {
                keys: TARGET_KEYS,
                text: () => 'target fields must come before the [target.vm] header',
            })}`);
        }
        const mounts = vm.mounts;
        if (!isTable(mounts))
            return;
        for (const [guest, m] of Object.entries(mounts)) {
            if (!isTable(m))
                continue;
            for (const key of Object.keys(m)) {
                if (MOUNT_KEYS.includes(key))
                    continue;
                warn(['target', i, 'vm', 'mounts', guest, key], `unknown key '${key}' in mount '${guest}' of ${label}${hint(key, MOUNT_KEYS)}`);
            }
        }
    });
    return out;
}

;// CONCATENATED MODULE: ./.build/src/cli/args.js
// `vmtest [OPTIONS] [COMMAND]...`: upstream's flags (reference §2) plus ours.
//
// Options come first; the first positional word (or everything after `--`) starts the command,
// which is kept verbatim. So `vmtest -k bzImage echo -n hi` runs `echo -n hi` (upstream's clap
// would reject `-n`), and `go test -exec "vmtest -k bzImage --"` works as upstream.





class UsageError extends Error {
    constructor(message) {
        super(message);
        this.name = 'UsageError';
    }
}
const OPTIONS = {
    config: { type: 'string', short: 'c', placeholder: 'CONFIG' },
    filter: { type: 'string', short: 'f', placeholder: 'FILTER' },
    kernel: { type: 'string', short: 'k', placeholder: 'KERNEL' },
    kargs: { type: 'string', placeholder: 'KARGS' },
    'kvm-cpu-args': { type: 'string', placeholder: 'KVM_CPU_ARGS' },
    rootfs: { type: 'string', short: 'r', placeholder: 'ROOTFS' },
    'kernel-modules': { type: 'string', placeholder: 'DIR' },
    arch: { type: 'string', short: 'a', placeholder: 'ARCH' },
    'qemu-command': { type: 'string', short: 'q', placeholder: 'QEMU_COMMAND' },
    network: { type: 'string', placeholder: 'NETWORK' },
    'shared-fs': { type: 'string', placeholder: 'FS' },
    accel: { type: 'string', placeholder: 'ACCEL' },
    plan: { type: 'boolean' },
    'boot-timeout': { type: 'string', placeholder: 'SECS' },
    timeout: { type: 'string', placeholder: 'SECS' },
    initramfs: { type: 'string', placeholder: 'MODE' },
    jobs: { type: 'string', short: 'j', placeholder: 'N' },
    json: { type: 'string', placeholder: 'FILE' },
    'write-image': { type: 'boolean' },
    'fail-on-splat': { type: 'boolean' },
    'test-output': { type: 'string', placeholder: 'FORMAT' },
    'test-output-source': { type: 'string', placeholder: 'SOURCE' },
    'fail-on-test-failure': { type: 'string', placeholder: 'BOOL' },
    'no-fail-on-test-failure': { type: 'boolean' },
    'logs-dir': { type: 'string', placeholder: 'DIR' },
    'workspace-mount': { type: 'string', placeholder: 'MODE' },
    'max-log-size': { type: 'string', placeholder: 'SIZE' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'V' },
};
const SPECS = OPTIONS;
/** Flags that only shape the one-liner target; upstream rejects them next to `--config`. */
const ONE_LINER_FLAGS = [
    'kargs',
    'kvm-cpu-args',
    'rootfs',
    'kernel-modules',
    'arch',
    'qemu-command',
    'network',
    'shared-fs',
];
function shortToLong(ch) {
    return Object.keys(OPTIONS).find((k) => SPECS[k].short === ch);
}
function describeFlag(name) {
    const spec = SPECS[name];
    return spec.placeholder ? `'--${name} <${spec.placeholder}>'` : `'--${name}'`;
}
/** Split argv into option tokens and the verbatim command. */
function splitArgv(argv) {
    const options = [];
    for (let i = 0; i < argv.length; i++) {
        const tok = argv[i];
        if (tok === '--')
            return { options, command: argv.slice(i + 1) };
        if (!tok.startsWith('-') || tok === '-')
            return { options, command: argv.slice(i) };
        options.push(tok);
        if (tok.startsWith('--')) {
            const name = tok.slice(2).split('=')[0];
            if (!(name in OPTIONS))
                throw new UsageError(`unexpected argument ${plainFlag(`--${name}`)} found${suggestFlag(name)}`);
            if (!tok.includes('=') && SPECS[name].type === 'string' && i + 1 < argv.length)
                options.push(argv[++i]);
            continue;
        }
        // A group of short flags: `-hV`, `-kbzImage`, `-hk bzImage`.
        for (let j = 1; j < tok.length; j++) {
            const long = shortToLong(tok[j]);
            if (long === undefined)
                throw new UsageError(`unexpected argument ${plainFlag(`-${tok[j]}`)} found`);
            if (SPECS[long].type === 'string') {
                if (j === tok.length - 1 && i + 1 < argv.length)
                    options.push(argv[++i]);
                break;
            }
        }
    }
    return { options, command: [] };
}
/** ` (did you mean '--kernel'?)` for a likely typo of a known flag, as the config's unknown
 *  keys get; '' when nothing is close. */
function suggestFlag(name) {
    const close = closestKey(name, Object.keys(OPTIONS));
    return close === undefined ? '' : ` (did you mean '--${close}'?)`;
}
/** An unknown flag quoted for the error, its control characters made visible. */
function plainFlag(flag) {
    return JSON.stringify(flag).slice(1, -1).replace(/^|$/g, "'");
}
function parseCliArgs(argv) {
    const { options, command } = splitArgv(argv);
    let values;
    try {
        values = (0,external_node_util_namespaceObject.parseArgs)({ args: options, options: OPTIONS, strict: true, allowPositionals: false }).values;
    }
    catch (e) {
        throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    const bool = (k) => values[k] === true;
    const args = {
        help: bool('help'),
        version: bool('version'),
        command,
        plan: bool('plan'),
        writeImage: bool('write-image'),
        failOnSplat: bool('fail-on-splat'),
    };
    // --help / --version win over everything else, like clap.
    if (args.help || args.version)
        return args;
    try {
        readValues(args, values);
    }
    catch (e) {
        if (e instanceof values_ValueError)
            throw new UsageError(e.message);
        throw e;
    }
    checkConflicts(args, values);
    return args;
}
/** The string flags, each through the rule the action's input of the same meaning uses. */
function readValues(args, values) {
    const v = (k, parse, multiline = false) => {
        const s = values[k];
        if (typeof s !== 'string')
            return undefined;
        const what = `'--${k}'`;
        return parse(plainText(s, what, multiline), what);
    };
    const text = (s) => s;
    const choice = (allowed) => (s, what) => parseChoice(s, allowed, what);
    args.config = v('config', text);
    args.filter = v('filter', text);
    args.kernel = v('kernel', text);
    args.kargs = v('kargs', text, true);
    args.kvmCpuArgs = v('kvm-cpu-args', text);
    args.rootfs = v('rootfs', text);
    args.kernelModules = v('kernel-modules', text);
    args.arch = v('arch', choice(ARCHES));
    args.qemuCommand = v('qemu-command', text);
    args.network = v('network', choice(NETWORKS));
    args.sharedFs = v('shared-fs', choice(SHARED_FSES));
    args.accel = v('accel', choice(ACCEL_MODES));
    args.bootTimeout = v('boot-timeout', parsePositiveSeconds);
    args.timeout = v('timeout', parsePositiveSeconds);
    args.initramfs = v('initramfs', choice(INITRAMFS_MODES));
    args.jobs = v('jobs', parseJobs);
    args.json = v('json', text);
    args.testOutput = v('test-output', choice(TEST_OUTPUTS));
    args.testOutputSource = v('test-output-source', choice(TEST_OUTPUT_SOURCES));
    args.failOnTestFailure = v('fail-on-test-failure', (s, what) => parseChoice(s, ['true', 'false'], what) === 'true');
    if (values['no-fail-on-test-failure'] === true) {
        if (args.failOnTestFailure === true)
            throw new UsageError(`the argument '--no-fail-on-test-failure' cannot be used with '--fail-on-test-failure <BOOL>'`);
        args.failOnTestFailure = false;
    }
    args.logsDir = v('logs-dir', text);
    args.workspaceMount = v('workspace-mount', choice(WORKSPACE_MOUNTS));
    args.maxLogSize = v('max-log-size', parseByteSize);
    // Keep the object to what was given (as the action's inputs are).
    for (const k of Object.keys(args))
        if (args[k] === undefined)
            delete args[k];
}
function checkConflicts(args, values) {
    const given = ONE_LINER_FLAGS.filter((k) => values[k] !== undefined);
    if (args.config !== undefined) {
        // clap's wording, so scripts that grep upstream's message keep working.
        const other = args.kernel !== undefined ? 'kernel' : given[0];
        if (other !== undefined) {
            throw new UsageError(`the argument ${describeFlag('config')} cannot be used with ${describeFlag(other)}`);
        }
        if (args.command.length > 0) {
            throw new UsageError(`the argument ${describeFlag('config')} cannot be used with '[COMMAND]...'`);
        }
        return;
    }
    if (args.kernel !== undefined)
        return;
    // Upstream silently ignores these without --kernel; a config run would then not do what the
    // command line says.
    if (given.length > 0) {
        throw new UsageError(`${given.map((k) => `'--${k}'`).join(', ')} only appl${given.length > 1 ? 'y' : 'ies'} with '--kernel' (in config mode set it per target in vmtest.toml)`);
    }
    if (args.command.length > 0) {
        throw new UsageError(`a COMMAND ('${args.command.join(' ')}') needs '--kernel'; in config mode each target's command comes from vmtest.toml`);
    }
}

;// CONCATENATED MODULE: ./.build/src/version.js
// The version the CLI reports. Kept in code (not read from package.json at run time) so the
// bundle has no file to find; a unit test checks it equals package.json's.
const VERSION = '0.1.0';

;// CONCATENATED MODULE: ./.build/src/cli/help.js
// `vmtest --help`, laid out like clap's. The allowed values of every choice come from the
// same lists the parsers use (plan/types.ts), so help cannot offer a value the parser
// refuses or miss one it takes.



/** The upstream vmtest release whose vmtest.toml, flags and exit codes this CLI follows. */
const UPSTREAM_VERSION = '0.18';
/** `vmtest --version`: ours first (scripts read the second word), then what it stands in for. */
const VERSION_TEXT = `vmtest ${VERSION} (vmtest-action; compatible with vmtest ${UPSTREAM_VERSION})\n`;
const one = (values) => values.join('|');
// [flags, description]: the description is wrapped by hand; continuation lines are indented
// to the description column.
const OPTION_ROWS = [
    ['-c, --config <CONFIG>', 'Path to config file [default: ./vmtest.toml]'],
    [
        '-f, --filter <FILTER>',
        'Run only targets whose name matches this regex (unanchored\nsearch; ignored with --kernel) [default: .*]',
    ],
    ['-k, --kernel <KERNEL>', 'Kernel to run (one-liner mode; the target is named after the\nkernel file)'],
    ['    --kargs <KARGS>', 'Additional kernel command line arguments'],
    ['    --kvm-cpu-args <ARGS>', '-cpu value when KVM is used [default: host]'],
    ['-r, --rootfs <ROOTFS>', 'Location of rootfs [default: /]'],
    [
        '    --kernel-modules <DIR>',
        "The kernel's `make modules_install INSTALL_MOD_PATH=DIR`\nfolder: virtio/9p load from it, the guest sees it at\n/lib/modules/<release>",
    ],
    ['-a, --arch <ARCH>', `Arch to run: ${ARCHES.join(', ')}\n[default: this host's]`],
    ['-q, --qemu-command <QEMU>', 'QEMU binary, full path or looked up in PATH\n[default: qemu-system-<ARCH>]'],
    [
        `    --network <${one(NETWORKS)}>`,
        'user: a NIC on QEMU user networking, the host at 10.0.2.2\n[default: none]',
    ],
    [
        `    --shared-fs <${one(SHARED_FSES)}>`,
        'How the root and shares reach the guest; virtiofs runs a\nvirtiofsd per share, faster on file-heavy work\n[default: 9p]',
    ],
    [`    --accel <${one(ACCEL_MODES)}>`, 'Acceleration; auto uses KVM when it works, else TCG\n[default: auto]'],
    [
        '    --plan',
        'Resolve and validate everything, boot nothing, print the\nplan (targets and QEMU command lines) as JSON',
    ],
    [
        '    --boot-timeout <SECS>',
        'Give up on a guest that has not booted after SECS\n[default: 80 with KVM, 120 without]',
    ],
    ['    --timeout <SECS>', 'Stop a command still running after SECS [default: none]'],
    [
        `    --initramfs <${one(INITRAMFS_MODES)}>`,
        'Boot kernel targets through a generated initramfs that loads\nvirtio/9p modules (stock distro kernels) [default: auto]',
    ],
    [
        '-j, --jobs <N|auto>',
        "How many targets run at once; auto fits them to the host's\ncores and free memory [default: auto]",
    ],
    ['    --json <FILE>', 'Also write the results as JSON to FILE'],
    [
        '    --write-image',
        'Boot image targets writing to the image file itself\n(upstream behaviour) instead of a throwaway overlay',
    ],
    ['    --fail-on-splat', 'A kernel splat (panic, Oops, BUG, KASAN, ...) in the console\nfails the target'],
    [
        `    --test-output <${one(TEST_OUTPUTS)}>`,
        'Parse the command output as TAP/KTAP or test_progs\n[default: auto]',
    ],
    [
        `    --test-output-source <${one(TEST_OUTPUT_SOURCES)}>`,
        'Read test results from the command output or the kernel\nconsole (KUnit); auto: the console when it shows KTAP and\nthe output has none [default: auto]',
    ],
    [
        '    --fail-on-test-failure <BOOL>',
        'A target whose parsed tests fail fails, whatever its exit\nstatus; --no-fail-on-test-failure turns it off [default: true]',
    ],
    ['    --no-fail-on-test-failure', 'Same as --fail-on-test-failure=false'],
    ['    --logs-dir <DIR>', 'Write per-target console and command logs under DIR'],
    [
        `    --workspace-mount <${one(WORKSPACE_MOUNTS)}>`,
        'The config folder at /mnt/vmtest in the guest: read-write,\nread-only, or not shared [default: rw]',
    ],
    [
        '    --max-log-size <SIZE>',
        `Cut each per-target log file at SIZE bytes (K, M, G\nsuffixes) [default: ${formatByteSize(DEFAULT_MAX_LOG_BYTES)}]`,
    ],
    ['-h, --help', 'Print help'],
    ['-V, --version', 'Print version'],
];
const COLUMN = 33;
function optionLines() {
    return OPTION_ROWS.map(([flags, desc]) => {
        const [first, ...rest] = desc.split('\n');
        const head = `  ${flags}`;
        // A long flag gets its description on the next line, as clap does.
        const lines = head.length + 2 > COLUMN ? [head, `${' '.repeat(COLUMN)}${first}`] : [`${head.padEnd(COLUMN)}${first}`];
        return [...lines, ...rest.map((r) => `${' '.repeat(COLUMN)}${r}`)].join('\n');
    }).join('\n');
}
const HELP_TEXT = `Run commands inside QEMU virtual machines: one-liner kernel mode or every target of a vmtest.toml

Usage: vmtest [OPTIONS] [COMMAND]...

Arguments:
  [COMMAND]...  Command to run in kernel mode (words joined by spaces). \`-\` to get an
                interactive shell. Everything after the first word, or after \`--\`, is
                passed verbatim

Options:
${optionLines()}

Environment variables:
  VMTEST_NO_UI         Set to disable UI: plain lines, as when output is not a terminal
                       [default: unset]
  NO_COLOR             Set (not empty) to drop colours; the live view stays
  VMTEST_ENV_WITHHOLD  Extra variable names (comma/space separated) never passed to the guest
  VMTEST_ENV_PASS      Variable names passed to the guest even though withheld by default
`;

;// CONCATENATED MODULE: ./.build/src/config/filter.js

/**
 * Compile a `--filter` / `filter` regex; a bad one is a ConfigError naming it and, when
 * `what` is given (the action's `input 'filter'`), where it came from.
 */
function compileFilter(pattern, what) {
    // Rust's regex crate (upstream's engine) spells flags inline: `(?i)kernel`. Node 20 has no
    // inline modifiers, so a leading group of the flags both engines share becomes JS flags.
    const inline = /^\(\?([ims]+)\)/.exec(pattern);
    const source = inline ? pattern.slice(inline[0].length) : pattern;
    const flags = inline ? [...new Set(inline[1])].join('') : '';
    try {
        // No 'u' flag: like the regex crate, it accepts escaped punctuation such as `\-`
        // (which the action's `matrix` output uses in its exact-name filters).
        return new RegExp(source, flags);
    }
    catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        // Upstream's wording first, so scripts that grep for it keep working.
        throw new ConfigError(`Failed to compile regex '${pattern}'${what ? ` (${what})` : ''}: ${why}`, { cause: e });
    }
}
/** Targets whose name the regex matches anywhere (unanchored, like upstream's is_match). */
function filterTargets(targets, pattern) {
    const re = typeof pattern === 'string' ? compileFilter(pattern) : pattern;
    // A 'g'/'y' regex keeps lastIndex between test() calls: use a fresh, stateless copy.
    const search = new RegExp(re.source, re.flags.replace(/[gy]/g, ''));
    return targets.filter((t) => search.test(t.name));
}
const LISTED_NAMES = 20;
/**
 * "filter 'x' matches none of the 3 target(s) in vmtest.toml: 'a', 'b', 'c'": said when a
 * filter selects nothing, so a renamed target (or a typo) is visible. `label` names the
 * filter as the front end spells it (`--filter`, `filter`).
 */
function noMatchMessage(label, pattern, all, configName) {
    const names = all.slice(0, LISTED_NAMES).map((t) => `'${t.name}'`);
    if (all.length > LISTED_NAMES)
        names.push(`… and ${all.length - LISTED_NAMES} more`);
    return `${label} '${pattern}' matches none of the ${all.length} target(s) in ${configName}: ${names.join(', ')}`;
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/error.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
function getLineColFromPtr(string, ptr) {
    let lines = string.slice(0, ptr).split(/\r?\n/);
    return [lines.length, lines.pop().length + 1];
}
function makeCodeBlock(string, line, column) {
    let lines = string.split(/\r?\n/);
    let codeblock = '';
    let numberLen = (Math.log10(line + 1) | 0) + 1;
    for (let i = line - 1; i <= line + 1; i++) {
        let l = lines[i - 1];
        if (!l)
            continue;
        codeblock += i.toString().padEnd(numberLen, ' ');
        codeblock += ':  ';
        codeblock += l;
        codeblock += '\n';
        if (i === line) {
            codeblock += ' '.repeat(numberLen + column + 2);
            codeblock += '^\n';
        }
    }
    return codeblock;
}
class TomlError extends Error {
    line;
    column;
    codeblock;
    constructor(message, options) {
        const [line, column] = getLineColFromPtr(options.toml, options.ptr);
        const codeblock = makeCodeBlock(options.toml, line, column);
        super(`Invalid TOML document: ${message}\n\n${codeblock}`, options);
        this.line = line;
        this.column = column;
        this.codeblock = codeblock;
    }
    /** @internal */
    static x(message, ctx, ptr) {
        throw new TomlError(message, { toml: ctx.s, ptr: ptr ?? ctx.p });
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/primitive.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/** @internal */
function parseString(ctx) {
    let startPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p++);
    let first = c;
    let isLiteral = c === 0x27; /* ' */
    let isMultiline = c === ctx.s.charCodeAt(ctx.p) && c === ctx.s.charCodeAt(ctx.p + 1);
    if (isMultiline) {
        // Trim initial newline
        if ((c = ctx.s.charCodeAt(ctx.p += 2)) === 0xa /* \n */)
            ctx.p++;
        else if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)
            ctx.p += 2;
    }
    // For the record: it is not worth it to use a fast-path for literal strings using `indexOf`.
    // Doing a char-by-char iteration ends up dispatching less instructions, for the same wall-clock runtime.
    let parsed = '';
    let sliceStart = ctx.p;
    // states:
    //   0 - decoding
    //   1 - decoding escape
    //   2 - whitespace escape (no newline encountered yet, must fail on non-whitespace)
    //   3 - whitespace escape (newline encountered, allowed to transition back to normal decode)
    let state = 0;
    for (; ctx.p < ctx.s.length; ctx.p++) {
        c = ctx.s.charCodeAt(ctx.p);
        // Deal with newlines first, since that simplifies control character checking and handling across all states
        if (isMultiline && (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */))) {
            state = state && 3;
        }
        // Control characters are banned in TOML, so we throw an error if we encounter them
        else if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in strings', ctx);
        }
        // The string might terminate while we're parsing through a newline escape.
        // It must have encountered a newline; otherwise, it'll simply fail in another branch.
        else if ((!state || state === 3) && c === first && (!isMultiline || (ctx.s.charCodeAt(ctx.p + 1) === first && ctx.s.charCodeAt(ctx.p + 2) === first))) {
            if (isMultiline) {
                // If the string ends with 4-5 quotes, then the first 1-2 are part of the string
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
            }
            // If we're in a newline escape still, then there's nothing to add.
            if (!state) {
                // Avoid a useless concat operation if the string can be used as-is.
                let s = ctx.s.slice(sliceStart, ctx.p);
                parsed = parsed ? parsed + s : s;
            }
            ctx.p += isMultiline ? 3 : 1;
            return parsed;
        }
        // Baseline state; keep moving forward unless an escape sequence starts
        else if (!state) {
            if (!isLiteral && c === 0x5c /* \ */) {
                parsed += ctx.s.slice(sliceStart, (sliceStart = ctx.p));
                state = 1;
            }
        }
        else if (state === 1) {
            if (c === 0x78 /* x */ || c === 0x75 /* u */ || c === 0x55 /* U */) { // Unicode escape
                let errPtr = ctx.p++ - 1;
                let value = 0;
                let len = c === 0x78 /* x */ ? 2 : c === 0x75 /* u */ ? 4 : 8;
                for (let j = 0; j < len; j++, ctx.p++) {
                    let hex = ctx.s.charCodeAt(ctx.p);
                    let digit = 
                    /* 0-9 */ hex >= 0x30 && hex <= 0x39 ? hex - 0x30 :
                        /* A-F */ hex >= 0x41 && hex <= 0x46 ? hex - 0x41 + 10 :
                            /* a-f */ hex >= 0x61 && hex <= 0x66 ? hex - 0x61 + 10 : -1;
                    if (digit < 0)
                        TomlError.x('invalid non-hex character in unicode escape', ctx);
                    value = (value << 4) | digit;
                }
                // Because JS does bitwise on signed 32bit integers, all 0xfzzzzzzz values are actually seen as negative
                if (value < 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
                    TomlError.x('invalid unicode escape', ctx, errPtr);
                }
                parsed += String.fromCodePoint(value);
                sliceStart = ctx.p--;
                state = 0;
            }
            // Newline escape sequence. We only need to care about spaces and tabs; newlines are dealt with earlier
            else if (isMultiline && (c === 0x20 || c === 0x9 /* \t */)) {
                state = 2;
            }
            // Basic escape sequence
            else {
                if (c === 0x62 /* b */)
                    parsed += '\b';
                else if (c === 0x74 /* t */)
                    parsed += '\t';
                else if (c === 0x6e /* n */)
                    parsed += '\n';
                else if (c === 0x66 /* f */)
                    parsed += '\f';
                else if (c === 0x72 /* r */)
                    parsed += '\r';
                else if (c === 0x65 /* e */)
                    parsed += '\x1b';
                else if (c === 0x22 /* " */)
                    parsed += '"';
                else if (c === 0x5c /* \ */)
                    parsed += '\\';
                else
                    TomlError.x('unrecognised escape sequence', ctx);
                sliceStart = ctx.p + 1;
                state = 0;
            }
        }
        // Newline escape continuation: keep moving forward until the first non-whitespace char
        else if (c !== 0x20 && c !== 0x9 /* \t */) {
            if (state === 2)
                TomlError.x('invalid escape: only line-ending whitespace may be escaped', ctx, sliceStart);
            // State cannot be zero, or we'd have branched earlier already.
            // If it's a backslash, immediately transition to the escape state so it can be processed.
            state = !isLiteral && c === 0x5c /* \ */ ? 1 : 0;
            sliceStart = ctx.p;
        }
    }
    TomlError.x('unfinished string', ctx, startPtr);
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/date.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})?[Tt ]?(?:(\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|z|[-+]\d{2}:\d{2})?$/i;
class TomlDate extends Date {
    #hasDate = false;
    #hasTime = false;
    #offset = null;
    constructor(date, fasttype, unsafeDelim) {
        let hasDate = true;
        let hasTime = true;
        let offset = 'Z';
        let c;
        if (typeof date === 'string') {
            if (fasttype)
                prep: {
                    // Date-time
                    if (fasttype < 3) {
                        if (+date.slice(11, 13) > 23) {
                            date = '';
                            break prep;
                        }
                        // Local
                        if (fasttype === 2) {
                            offset = null;
                            date += 'Z';
                        }
                        // Offset; keep track of offset if not Z
                        else if ((c = date.charCodeAt(date.length - 1)) !== 0x5a /* Z */ && c !== 0x7a /* z */) {
                            offset = date.slice(date.length - 6);
                        }
                        if (unsafeDelim)
                            date = date.slice(0, 10) + 'T' + date.slice(11);
                    }
                    // Time
                    else if (fasttype === 4) {
                        date = +date.slice(0, 2) > 23 ? '' : `0000-01-01T${date}Z`;
                    }
                    hasDate = fasttype !== 4;
                    hasTime = fasttype !== 3;
                }
            else {
                let match = date.match(DATE_TIME_RE);
                if (match) {
                    if (!match[1]) {
                        hasDate = false;
                        date = `0000-01-01T${date}`;
                    }
                    hasTime = !!match[2];
                    // Make sure to use T instead of a space. Breaks in case of extreme values otherwise.
                    hasTime && date[10] === ' ' && (date = date.replace(' ', 'T'));
                    // Do not allow rollover hours.
                    if (match[2] && +match[2] > 23) {
                        date = '';
                    }
                    else {
                        offset = match[3] || null;
                        if (!offset && hasTime)
                            date += 'Z';
                    }
                }
                else {
                    date = '';
                }
            }
        }
        super(date);
        if (!isNaN(this.getTime())) {
            this.#hasDate = hasDate;
            this.#hasTime = hasTime;
            this.#offset = offset;
        }
    }
    isDateTime() {
        return this.#hasDate && this.#hasTime;
    }
    isLocal() {
        return !this.#hasDate || !this.#hasTime || !this.#offset;
    }
    isDate() {
        return this.#hasDate && !this.#hasTime;
    }
    isTime() {
        return this.#hasTime && !this.#hasDate;
    }
    isValid() {
        return this.#hasDate || this.#hasTime;
    }
    toISOString() {
        let iso = super.toISOString();
        // Local Date
        if (this.isDate())
            return iso.slice(0, 10);
        // Local Time
        if (this.isTime())
            return iso.slice(11, 23);
        // Local DateTime
        if (this.#offset === null)
            return iso.slice(0, -1);
        // Offset DateTime
        if (this.#offset === 'Z' || this.#offset === 'z')
            return iso;
        // This part is quite annoying: JS strips the original timezone from the ISO string representation
        // Instead of using a "modified" date and "Z", we restore the representation "as authored"
        let offset = (+(this.#offset.slice(1, 3)) * 60) + +(this.#offset.slice(4, 6));
        offset = this.#offset[0] === '-' ? offset : -offset;
        let offsetDate = new Date(this.getTime() - (offset * 60e3));
        return offsetDate.toISOString().slice(0, -1) + this.#offset;
    }
    static wrapAsOffsetDateTime(jsDate, offset = 'Z') {
        let date = new TomlDate(jsDate);
        date.#offset = offset;
        return date;
    }
    static wrapAsLocalDateTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#offset = null;
        return date;
    }
    static wrapAsLocalDate(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasTime = false;
        date.#offset = null;
        return date;
    }
    static wrapAsLocalTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasDate = false;
        date.#offset = null;
        return date;
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/extract.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




function isDigit(char, base = 10) {
    return base === 16
        ? (char > 0x2f && char < 0x3a) || (char > 0x40 && char < 0x47) || (char > 0x60 && char < 0x67)
        : (char > 0x2f && char < 0x30 + base);
}
function isEndOfValue(char, delim) {
    // Whitespace -- we're permissive on `\r` for performance; it'll be dealt with later anyway
    return char === 0x20 || char === 0x9 /* \t */ || char === 0xa /* \n */ || char === 0xd /* \r */ ||
        // Structure end or next value delimiter
        (delim && (char === delim || char === 0x2c /* , */)) ||
        // Comment
        char === 0x23; /* # */
}
/** @internal */
function extractValue(ctx, end) {
    let errPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p);
    // Structs
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
        ctx.d-- || TomlError.x('document contains excessively nested structures. aborting.', ctx);
        let value = c === 0x5b /* [ */
            ? parseArray(ctx)
            : parseInlineTable(ctx);
        ctx.d++;
        return value;
    }
    // Strings
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
        return parseString(ctx);
    }
    // Booleans
    // We can fast-path because the first character is enough to know the only possible value
    if (c === 0x74 /* t */) { // Only possible valid value is `true`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x72 || ctx.s.charCodeAt(++ctx.p) !== 0x75 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, true;
    }
    if (c === 0x66 /* f */) { // Only possible valid value is `false`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6c || ctx.s.charCodeAt(++ctx.p) !== 0x73 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, false;
    }
    if (c === 0x2b /* + */ || c === 0x2d /* - */) {
        return parseNumber(ctx, ctx.p, ctx.s.charCodeAt(++ctx.p), 0x2c - c, end);
    }
    // Rough heuristic, but `parseDate` falls back to number parsing if it's a false positive.
    // e.g.: `a = 1\n-------------- = 1` would match this heuristic, but gracefully fallback to numbers.
    if (ctx.s.charCodeAt(ctx.p + 4) === 0x2d /* - */ && ctx.s.charCodeAt(ctx.p + 7) === 0x2d /* - */) {
        return parseDate(ctx, c, end);
    }
    // Same logic as above; `parseTime` falls back to number parsing if it's a false positive.
    if (ctx.s.charCodeAt(ctx.p + 2) === 0x3a /* : */) {
        return parseTime(ctx, c, end);
    }
    return parseNumber(ctx, ctx.p, c, 0, end);
}
// State:
// 0: init
// 1: integer
// 2: fractional dot
// 3: fractional
// 4: exponent letter
// 5: exponent
// 6: exponent sign
// 7: exponent with sign
// >9: underscore; see below
//     -> 12: was integer
//     -> 14: was fractional
//     -> 16: was exponent
// states 2-5, 14, 16 are ONLY permitted iif base === 10
function parseNumber(ctx, startPtr, startChr, sign, endChr) {
    let c = startChr;
    let state = 0;
    let hasUnderscores = false;
    // (+/-)inf
    if (c === 0x69 /* i */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x6e || ctx.s.charCodeAt(++ctx.p) !== 0x66)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, (sign || 1) / 0;
    }
    // (+/-)nan
    if (c === 0x6e /* n */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6e)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, NaN;
    }
    // Leading zero
    // Only allowed cases: `0<EOV>`, `0.(...)`, `0e(...)`, `0x(...)`, `0b(...)`, `0o(...)`
    // FWIW, `0e(...)` is a stupid case, but it's not banned per-se so we have to parse it
    if (c === 0x30 /* 0 */) {
        if (++ctx.p >= ctx.s.length || isEndOfValue(c = ctx.s.charCodeAt(ctx.p), endChr))
            return ctx.bi === true ? 0n : 0; // note: conveniently deals with `-0`
        if (!sign) {
            if (c === 0x78 /* x */)
                return parseIntegerBaseN(ctx, startPtr, 16, endChr);
            else if (c === 0x62 /* b */)
                return parseIntegerBaseN(ctx, startPtr, 2, endChr);
            else if (c === 0x6f /* o */)
                return parseIntegerBaseN(ctx, startPtr, 8, endChr);
        }
        if (c === 0x2e /* . */)
            state = 2;
        else if (c === 0x65 /* e */ || c === 0x45 /* E */)
            state = 4;
        else
            TomlError.x('illegal leading zero', ctx, startPtr);
    }
    // If the 1st char is not a digit by now, then it's not a valid TOML value at all
    else if (!isDigit(c))
        TomlError.x('invalid value', ctx, startPtr);
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (!state)
            state = 1; // Detects single-digit numbers we can use a fast parse path for
        // The way the states are numbered is not random: underscores are always permitted in odd-numbered states and
        // never permitted in even-numbered ones.
        if (c === 0x5f /* _ */) {
            if (!(state & 1))
                TomlError.x('illegal underscore', ctx);
            state += 11; // 11 is a marker that makes the state even and greater than 9; see the numbering + rationale above
            hasUnderscores = true;
        }
        // Transition to fractional part.
        else if (state === 1 && c === 0x2e /* . */)
            state = 2;
        // Transition to exponent part.
        else if ((state === 1 || state === 3) && (c === 0x65 /* e */ || c === 0x45 /* E */))
            state = 4;
        // + and - are permitted in state 4 only (handled before entering the function for state 0)
        else if (state === 4 && (c === 0x2b /* + */ || c === 0x2d /* - */)) {
            state = 6;
        }
        // All special cases have been handled; only digits are allowed here
        else if (!isDigit(c))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear state flags
        else if (state > 9)
            state -= 11;
        else if (!(state & 1))
            state++;
    }
    // Single-char number; we can fast-path these very easily.
    if (!state) {
        let val = (startChr - 0x30 /* 0 */) * (sign || 1);
        return ctx.bi === true ? BigInt(val) : val;
    }
    // Even-numbered states absolutely require a digit next; not even end of value is permitted
    if (!(state & 1))
        TomlError.x('unfinished numeric value', ctx, startPtr);
    let str = ctx.s.slice(startPtr, ctx.p);
    if (hasUnderscores)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return state > 1
        ? parseFloat(str)
        : parseInteger(ctx, str, 10, startPtr);
}
function parseIntegerBaseN(ctx, startPtr, base, endChr) {
    let c, underscore = 1;
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (c === 0x5f /* _ */) {
            if (underscore & 1)
                TomlError.x('illegal underscore', ctx);
            underscore = 3;
        }
        // We only need to check if the number is a valid digit, nothing else is permitted
        else if (!isDigit(c, base))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear underscore flag
        else if (underscore & 1)
            underscore--;
    }
    // Trailing underscore is not allowed
    if (underscore & 1)
        TomlError.x('unfinished numeric value', ctx);
    let str = ctx.s.slice(startPtr + 2, ctx.p);
    if (underscore)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return parseInteger(ctx, str, base, startPtr);
}
function parseInteger(ctx, str, base, startPtr) {
    if (ctx.bi !== true)
        int: {
            let val = parseInt(str, base);
            if (!Number.isSafeInteger(val)) {
                if (ctx.bi)
                    break int;
                TomlError.x('integer value cannot be represented losslessly', ctx, startPtr);
            }
            return val;
        }
    return base === 10 ? BigInt(str) : BigInt((base === 2 ? '0b' : base === 8 ? '0o' : '0x') + str);
}
function parseDate(ctx, c, endChr) {
    let startPtr = ctx.p++, unsafeSeparator;
    if (!isDigit(c) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++))) {
        return parseNumber(ctx, ctx.p = startPtr, c, 0, endChr);
    }
    ctx.p += 5;
    if (!isDigit(ctx.s.charCodeAt(ctx.p++)))
        TomlError.x('invalid date-time: date part is malformed', ctx, startPtr);
    if (ctx.p >= ctx.s.length || (((c = ctx.s.charCodeAt(ctx.p)) !== 0x20 || (unsafeSeparator = true, !isDigit(ctx.s.charCodeAt(ctx.p + 1)))) && c !== 0x54 /* T */ && c !== 0x74 /* t */)) {
        let t = ctx.s.slice(startPtr, ctx.p);
        return readDate(ctx, t, 3, false, startPtr);
    }
    if (ctx.s.charCodeAt(ctx.p += 3) !== 0x3a /* : */)
        TomlError.x('invalid date-time: time part is malformed', ctx, startPtr);
    if (ctx.s.charCodeAt(ctx.p += 3) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    if (c = ctx.s.charCodeAt(ctx.p)) {
        if (c === 0x5a /* Z */ || c === 0x7a /* z */) {
            let t = ctx.s.slice(startPtr, ++ctx.p);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, '[+00:00]');
        }
        if (c === 0x2b /* + */ || c === 0x2d /* - */) {
            // Temporal's ZonedDateTime is weird asf when it comes to dealing with traditional offsets...
            // It's 1.2x faster to allocate a new string to pass to ZDT than use Instant.toZonedDateTimeISO
            let t = ctx.s.slice(startPtr, ctx.p += 6);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, !ctx.ld && ('[' + ctx.s.slice(ctx.p - 6, ctx.p) + ']'));
        }
    }
    let t = ctx.s.slice(startPtr, ctx.p);
    return readDate(ctx, t, 2, unsafeSeparator, startPtr);
}
function parseTime(ctx, c, endChr) {
    let start = ctx.p;
    if (!isDigit(c) || !isDigit(ctx.s.charCodeAt(++ctx.p))) {
        return parseNumber(ctx, --ctx.p, c, 0, endChr);
    }
    if (ctx.s.charCodeAt(ctx.p += 4) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    let t = ctx.s.slice(start, ctx.p);
    return readDate(ctx, t, 4, false, start);
}
function readDate(ctx, str, type, unsafeDelim, errPtr, temporalSuffix) {
    if (ctx.ld) {
        let date = new TomlDate(str, type, unsafeDelim);
        if (!date.isValid())
            TomlError.x('invalid date', ctx, errPtr);
        return date;
    }
    try {
        if (temporalSuffix)
            str += temporalSuffix;
        switch (type) {
            case 1: return Temporal.ZonedDateTime.from(str);
            case 2: return Temporal.PlainDateTime.from(str);
            case 3: return Temporal.PlainDate.from(str);
            case 4: return Temporal.PlainTime.from(str);
        }
    }
    catch (e) {
        TomlError.x(e instanceof Error ? e.message : '' + e, ctx, errPtr);
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/util.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/** @internal */
function skipComment(ctx) {
    for (; ctx.p < ctx.s.length; ctx.p++) {
        let c = ctx.s.charCodeAt(ctx.p);
        if (c === 0xa /* \n */)
            break;
        if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */) {
            ctx.p++;
            break;
        }
        if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in comments', ctx);
        }
    }
}
/** @internal */
function skipVoid(ctx, banNewLines, banComments) {
    let c;
    while (ctx.p < ctx.s.length) {
        while (ctx.p < ctx.s.length && ((c = ctx.s.charCodeAt(ctx.p)) === 0x20 ||
            c === 0x9 /* \t */ ||
            (!banNewLines &&
                (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)))))
            ctx.p++;
        if (banComments || c !== 0x23 /* # */)
            break;
        skipComment(ctx);
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/struct.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




/** @internal */
function parseKey(ctx, end = 0x3d /* = */) {
    // States:
    // 0: before first char
    // 1: parsing bare key
    // 2: after key component
    let startPtr;
    let state = 0;
    let parsed = [];
    let sliceStart;
    let c = ctx.s.charCodeAt(startPtr = ctx.p);
    do {
        // End of key
        if (c === end) {
            if (!state)
                TomlError.x('unexpected end of key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            return ctx.p++, parsed;
        }
        // Dotted key separator
        else if (c === 0x2e /* . */) {
            if (!state)
                TomlError.x('illegal empty bare key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            state = 0;
        }
        // Quoted key
        else if (!state && (c === 0x22 /* " */ || c === 0x27 /* ' */)) {
            if (c === ctx.s.charCodeAt(ctx.p + 1) && c === ctx.s.charCodeAt(ctx.p + 2))
                TomlError.x('illegal quoted key: multiline strings are not allowed', ctx);
            parsed.push(parseString(ctx));
            state = 2;
            ctx.p--;
        }
        // Whitespace; no-op in state 0 and 2, end of bare key in state 1
        else if (c === 0x20 || c === 0x9 /* \t */) {
            if (state === 1) {
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
                state = 2;
            }
        }
        // If state is post-key, no character is allowed; otherwise ensure it's a bare-key component
        else if (state === 2 || (c < 0x30 && c !== 0x2d /* - */) || (c > 0x39 && c < 0x41) || (c > 0x5a && c < 0x61 && c !== 0x5f /* _ */) || c > 0x7a) {
            TomlError.x('illegal character in key', ctx);
        }
        // Illegal character
        else if (!state) {
            state = 1;
            sliceStart = ctx.p;
        }
    } while (c = ctx.s.charCodeAt(++ctx.p));
    TomlError.x('incomplete key-value: cannot find end of key', ctx, startPtr);
}
/** @internal */
function parseInlineTable(ctx) {
    let startPtr = ctx.p++;
    let res = Object.create(null);
    let seen = new Set();
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x7d /* } */) {
            ctx.p++;
            return res;
        }
        let k;
        let t = res;
        let hasOwn = false;
        let errPtr = ctx.p;
        let key = parseKey(ctx);
        for (let i = 0; i < key.length; i++) {
            if (i)
                t = hasOwn ? t[k] : (t[k] = Object.create(null));
            k = key[i];
            if ((hasOwn = Object.hasOwn(t, k)) && (typeof t[k] !== 'object' || seen.has(t[k]))) {
                TomlError.x('trying to redefine an already defined value', ctx, errPtr);
            }
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor')) {
                t = ctx.uk !== 1 && TomlError.x('document contains an unsafe property', ctx, errPtr);
                break;
            }
            if (!hasOwn && unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
            }
        }
        if (hasOwn) {
            TomlError.x('trying to redefine an already defined value', ctx, errPtr);
        }
        skipVoid(ctx, true, true);
        let value = extractValue(ctx, 0x7d /* } */);
        if (t && typeof (t[k] = value) === 'object')
            seen.add(value);
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x7d /* } */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished table', ctx, startPtr);
}
/** @internal */
function parseArray(ctx) {
    let startPtr = ctx.p++;
    let res = [];
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x5d /* ] */) {
            ctx.p++;
            return res;
        }
        res.push(extractValue(ctx, 0x5d /* ] */));
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x5d /* ] */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished array', ctx, startPtr);
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/parse.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




function peekTable(ctx, key, table, meta, type) {
    let t = table;
    let m = meta;
    let k;
    let hasOwn = false;
    let state;
    for (let i = 0; i < key.length; i++) {
        if (i) {
            t = hasOwn ? t[k] : (t[k] = Object.create(null));
            m = (state = m[k]).c;
            if (type === 0 /* Type.DOTTED */ && (state.t === 1 /* Type.EXPLICIT */ || state.t === 2 /* Type.ARRAY */)) {
                return null;
            }
            if (state.t === 2 /* Type.ARRAY */) {
                let l = t.length - 1;
                t = t[l];
                m = m[l].c;
            }
        }
        k = key[i];
        if ((hasOwn = Object.hasOwn(t, k)) && m[k]?.t === 0 /* Type.DOTTED */ && m[k]?.d) {
            return null;
        }
        if (!hasOwn) {
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor'))
                return false;
            if (unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
                Object.defineProperty(m, k, { enumerable: true, configurable: true, writable: true });
            }
            m[k] = {
                t: i < key.length - 1 && type === 2 /* Type.ARRAY */
                    ? 3 /* Type.ARRAY_DOTTED */ : type,
                d: false,
                i: 0,
                c: Object.create(null),
            };
        }
    }
    state = m[k];
    if (state.t !== type && !(type === 1 /* Type.EXPLICIT */ && state.t === 3 /* Type.ARRAY_DOTTED */)) {
        // Bad key type!
        return null;
    }
    if (type === 2 /* Type.ARRAY */) {
        if (!state.d) {
            state.d = true;
            t[k] = [];
        }
        t[k].push(t = Object.create(null));
        state.c[state.i++] = (state = { t: 1 /* Type.EXPLICIT */, d: false, i: 0, c: Object.create(null) });
    }
    if (state.d) {
        // Redefining a table!
        return null;
    }
    state.d = true;
    if (type === 1 /* Type.EXPLICIT */) {
        t = hasOwn ? t[k] : (t[k] = Object.create(null));
    }
    else if (type === 0 /* Type.DOTTED */ && hasOwn) {
        return null;
    }
    return [k, t, state.c];
}
function validateTablePeek(ctx, peek, ptr) {
    if (peek === null || ctx.uk === 2)
        TomlError.x(peek === null
            ? 'trying to redefine an already defined table or value'
            : 'document contains an unsafe property', ctx, ptr);
}
function dist_parse_parse(toml, options = {}) {
    let ctx = {
        s: toml,
        p: 0,
        d: options.maxDepth ?? 1000,
        bi: options.integersAsBigInt ?? false,
        ld: options.useLegacyDate ?? true,
        uk: options.unsafeKeyBehaviour === 'throw' ? 2 : options.unsafeKeyBehaviour === 'drop' ? 1 : 0,
    };
    let res = Object.create(null);
    let meta = Object.create(null);
    let tmp;
    let skipping = false;
    let tbl = res;
    let m = meta;
    // BOM is allowed, skip.
    // JS is UTF-16, so we have to check for the UTF-16 BOM instead of the UTF-8 BOM sequence!
    if (toml.charCodeAt(0) === 0xfeff)
        ctx.p++;
    skipVoid(ctx);
    while (ctx.p < toml.length) {
        if (toml.charCodeAt(ctx.p) === 0x5b /* [ */) {
            let isTableArray = toml.charCodeAt(++ctx.p) === 0x5b; /* [ */
            tmp = ctx.p += +isTableArray;
            skipping = false;
            let k = parseKey(ctx, 0x5d /* ] */);
            if (isTableArray) {
                if (toml.charCodeAt(ctx.p) !== 0x5d /* ] */) {
                    TomlError.x('expected end of table array declaration', ctx);
                }
                ctx.p++;
            }
            let p = peekTable(ctx, k, res, meta, isTableArray ? 2 /* Type.ARRAY */ : 1 /* Type.EXPLICIT */);
            if (!p) {
                validateTablePeek(ctx, p, tmp);
                skipping = true;
            }
            else {
                m = p[2];
                tbl = p[1];
            }
        }
        else {
            tmp = ctx.p;
            let k = parseKey(ctx);
            let p = peekTable(ctx, k, tbl, m, 0 /* Type.DOTTED */);
            if (!p && !skipping)
                validateTablePeek(ctx, p, tmp);
            skipVoid(ctx, true, true);
            let v = extractValue(ctx, void 0);
            if (p && !skipping)
                p[1][p[0]] = v;
        }
        skipVoid(ctx, true);
        if (ctx.p < toml.length && (tmp = toml.charCodeAt(ctx.p)) !== 0xa /* \n */ && (tmp !== 0xd /* \r */ || toml.charCodeAt(ctx.p + 1) !== 0xa /* \n */)) {
            TomlError.x('each key-value declaration must be followed by an end-of-line', ctx);
        }
        skipVoid(ctx);
    }
    return res;
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/stringify.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let BARE_KEY = /^[a-z0-9-_]+$/i;
let HAS_WELLFORMED = !!(''.isWellFormed);
function extendedTypeOf(obj) {
    let type = typeof obj;
    if (type === 'object') {
        if (Array.isArray(obj))
            return 'array';
        if (typeof obj.getUTCDate === 'function' && obj instanceof Date)
            return 'date';
        if (globalThis.Temporal) {
            if (obj.until) {
                if (obj instanceof Temporal.ZonedDateTime)
                    return 'temporal/tz+uc';
                if (obj instanceof Temporal.PlainDateTime || obj instanceof Temporal.PlainDate)
                    return 'temporal/uc';
                if (obj instanceof Temporal.PlainTime || obj instanceof Temporal.Instant)
                    return 'temporal';
                if (obj instanceof Temporal.PlainYearMonth)
                    return 'temporal/x';
            }
            else if ((obj.toPlainDate && obj instanceof Temporal.PlainMonthDay) ||
                (obj.negated && obj instanceof Temporal.Duration)) {
                return 'temporal/x';
            }
        }
    }
    return type;
}
function isArrayOfTables(obj) {
    for (let i = 0; i < obj.length; i++) {
        if (extendedTypeOf(obj[i]) !== 'object')
            return false;
    }
    return obj.length != 0;
}
function formatWellFormedStringUnchecked(s) {
    return JSON.stringify(s).replaceAll('\x7f', '\\u007f');
}
function formatString(s) {
    return formatWellFormedStringUnchecked(HAS_WELLFORMED ? s.toWellFormed() : s);
}
function formatKey(s) {
    if (BARE_KEY.test(s))
        return s;
    if (HAS_WELLFORMED && !s.isWellFormed())
        throw new RangeError('key contains illegal lone surrogates');
    return formatWellFormedStringUnchecked(s);
}
function stringifyValue(val, type, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    switch (type) {
        // @ts-expect-error -- intentional fallthrough case
        case 'number':
            if (isNaN(val))
                return 'nan';
            if (val === Infinity)
                return 'inf';
            if (val === -Infinity)
                return '-inf';
            if (Number.isInteger(val) && (numberAsFloat || !Number.isSafeInteger(val)))
                return val.toFixed(1);
        case 'bigint':
        case 'boolean':
        case 'temporal':
            return val.toString();
        case 'string':
            return formatString(val);
        case 'date':
            if (isNaN(val.getTime()))
                throw new TypeError('cannot serialize invalid date');
            return val.toISOString();
        case 'object':
            return stringifyInlineTable(val, depth, numberAsFloat, strictTemporal);
        case 'array':
            return stringifyArray(val, depth, numberAsFloat, strictTemporal);
        // @ts-expect-error -- intentional fallthrough case
        case 'temporal/tz+uc':
            if (strictTemporal) {
                let tz = val.timeZoneId;
                let tzc = tz.charCodeAt(0);
                if (
                // Classic offset
                tzc !== 0x2b /* + */ && tzc !== 0x2d /* - */ &&
                    (
                    // Fast pre-check pass; see below for the actually accepted values
                    (tzc !== 0x55 /* U */ && tzc !== 0x47 /* G */ && tzc !== 0x5a /* Z */ && tzc !== 0x45 /* E */) ||
                        (
                        // UTC and its aliases; Temporal implementations don't all canonicalise unfortunately
                        tz !== 'UTC' && tz !== 'UCT' && tz !== 'Universal' && tz !== 'Zulu' &&
                            // GMT is a TZ but it's for all intents and purposes equivalent to UTC. Safe to downgrade.
                            !tz.startsWith('GMT') && tz !== 'Greenwich' &&
                            // Etc/* are all safe to downgrade to offset (either UTC, GMT, or offset)
                            !tz.startsWith('Etc/')))) {
                    throw new TypeError('Temporal objects with an IANA timezone are not allowed in Temporal strict mode');
                }
            }
        case 'temporal/uc':
            if (strictTemporal && val.calendarId !== 'iso8601')
                throw new TypeError('Temporal objects with a non-default calendar are not allowed in Temporal strict mode');
            return val.toString({
                calendarName: 'never',
                timeZoneName: 'never',
            });
        case 'temporal/x':
            throw new TypeError('Unsupported ' + val[Symbol.toStringTag]);
    }
}
function stringifyInlineTable(obj, depth, numberAsFloat, strictTemporal) {
    let keys = Object.keys(obj);
    if (keys.length === 0)
        return '{}';
    let res = '{ ';
    for (let i = 0; i < keys.length; i++) {
        let k = keys[i];
        if (i)
            res += ', ';
        res += formatKey(k) + ' = ' + stringifyValue(obj[k], extendedTypeOf(obj[k]), depth - 1, numberAsFloat, strictTemporal);
    }
    return res + ' }';
}
function stringifyArray(array, depth, numberAsFloat, strictTemporal) {
    if (array.length === 0)
        return '[]';
    let res = '[ ';
    for (let i = 0; i < array.length; i++) {
        if (i)
            res += ', ';
        if (array[i] === null || array[i] === void 0) {
            throw new TypeError('arrays cannot contain null or undefined values');
        }
        res += stringifyValue(array[i], extendedTypeOf(array[i]), depth - 1, numberAsFloat, strictTemporal);
    }
    return res + ' ]';
}
function stringifyArrayTable(array, key, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    let res = '';
    for (let i = 0; i < array.length; i++) {
        res += `${res && '\n'}[[${key}]]\n`;
        res += stringifyTable(0, array[i], key, depth, numberAsFloat, strictTemporal);
    }
    return res;
}
function stringifyTable(tableKey, obj, prefix, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    let preamble = '';
    let tables = '';
    let keys = Object.keys(obj);
    for (let i = 0; i < keys.length; i++) {
        let k = keys[i];
        if (obj[k] !== null && obj[k] !== void 0) {
            let type = extendedTypeOf(obj[k]);
            if (type === 'symbol' || type === 'function') {
                throw new TypeError(`cannot serialize values of type '${type}'`);
            }
            let key = formatKey(k);
            if (type === 'array' && isArrayOfTables(obj[k])) {
                tables += (tables && '\n') + stringifyArrayTable(obj[k], prefix ? `${prefix}.${key}` : key, depth - 1, numberAsFloat, strictTemporal);
            }
            else if (type === 'object') {
                let tblKey = prefix ? `${prefix}.${key}` : key;
                tables += (tables && '\n') + stringifyTable(tblKey, obj[k], tblKey, depth - 1, numberAsFloat, strictTemporal);
            }
            else {
                preamble += key;
                preamble += ' = ';
                preamble += stringifyValue(obj[k], type, depth, numberAsFloat, strictTemporal);
                preamble += '\n';
            }
        }
    }
    if (tableKey && (preamble || !tables)) // Create table only if necessary
        preamble = preamble ? `[${tableKey}]\n${preamble}` : `[${tableKey}]`;
    return preamble && tables
        ? `${preamble}\n${tables}`
        : preamble || tables;
}
function stringify(obj, { maxDepth = 1000, numbersAsFloat = false, strictTemporal = false } = {}) {
    if (extendedTypeOf(obj) !== 'object') {
        throw new TypeError('stringify can only be called with an object');
    }
    let str = stringifyTable(0, obj, '', maxDepth, numbersAsFloat, strictTemporal);
    if (str[str.length - 1] !== '\n')
        return str + '\n';
    return str;
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/index.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */





/** @deprecated use `import * as ... from 'smol-toml'` instead */
/* harmony default export */ const dist = ({ parse: dist_parse_parse, stringify: stringify, TomlDate: TomlDate, TomlError: TomlError });

;// CONCATENATED MODULE: ./.build/src/config/locate.js
// Finds the line of every key and table header in a TOML document. smol-toml returns plain
// values without positions, but warnings and errors must point at a line (`vmtest.toml:12`),
// so this is a small lexer that only understands enough TOML to skip values correctly: the four
// string forms (a `[[target]]` or `key =` inside a multi-line string is text, not structure),
// arrays and inline tables spanning lines, and comments.
//
// It runs only on documents smol-toml already accepted, so it can be lenient; it never throws
// and always advances, so a surprise costs a line number, not a crash.
class KeyLocator {
    lines = new Map();
    add(path, line) {
        const k = JSON.stringify(path);
        if (!this.lines.has(k))
            this.lines.set(k, line);
    }
    /** The line where exactly this key / table / array element is defined. */
    lineOf(path) {
        return this.lines.get(JSON.stringify(path));
    }
    /** The line of the key, else of its closest located ancestor (e.g. a missing key → the
     *  `[[target]]` header of its target). */
    nearestLine(path) {
        for (let n = path.length; n > 0; n--) {
            const line = this.lineOf(path.slice(0, n));
            if (line !== undefined)
                return line;
        }
        return undefined;
    }
}
const locate_BARE_KEY = /[A-Za-z0-9_-]/;
class Scanner {
    s;
    pos = 0;
    line = 1;
    constructor(s) {
        this.s = s;
    }
    get eof() {
        return this.pos >= this.s.length;
    }
    peek(offset = 0) {
        return this.s[this.pos + offset] ?? '';
    }
    at(token) {
        return this.s.startsWith(token, this.pos);
    }
    advance(n = 1) {
        for (let i = 0; i < n && !this.eof; i++) {
            if (this.s[this.pos] === '\n')
                this.line++;
            this.pos++;
        }
    }
    skipSpaces() {
        while (this.peek() === ' ' || this.peek() === '\t')
            this.pos++;
    }
    skipComment() {
        if (this.peek() !== '#')
            return;
        while (!this.eof && this.peek() !== '\n')
            this.pos++;
    }
    /** Whitespace, newlines and comments (inside arrays and TOML 1.1 inline tables). */
    skipBlank() {
        for (;;) {
            const c = this.peek();
            if (c === ' ' || c === '\t' || c === '\r' || c === '\n')
                this.advance();
            else if (c === '#')
                this.skipComment();
            else
                return;
        }
    }
    skipToNextLine() {
        while (!this.eof && this.peek() !== '\n')
            this.pos++;
        this.advance();
    }
}
/** Decode the escapes of a TOML basic string (keys only; values come from smol-toml). */
function decodeBasic(raw) {
    return raw.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|x[0-9A-Fa-f]{2}|.)/g, (_m, e) => {
        switch (e[0]) {
            case 'b':
                return '\b';
            case 't':
                return '\t';
            case 'n':
                return '\n';
            case 'f':
                return '\f';
            case 'r':
                return '\r';
            case 'e':
                return '\x1b';
            case 'u':
            case 'U':
            case 'x': {
                const cp = Number.parseInt(e.slice(1), 16);
                return cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
            }
            default:
                return e;
        }
    });
}
function readQuotedKey(sc) {
    const quote = sc.peek();
    sc.advance();
    const start = sc.pos;
    while (!sc.eof && sc.peek() !== quote && sc.peek() !== '\n') {
        if (quote === '"' && sc.peek() === '\\')
            sc.advance();
        sc.advance();
    }
    const raw = sc.s.slice(start, sc.pos);
    if (sc.peek() === quote)
        sc.advance();
    return quote === '"' ? decodeBasic(raw) : raw;
}
/** A dotted key `a."b c".'d'`; [] when there is no key here. */
function readKey(sc) {
    const segs = [];
    for (;;) {
        sc.skipSpaces();
        const c = sc.peek();
        if (c === '"' || c === "'") {
            segs.push(readQuotedKey(sc));
        }
        else {
            const start = sc.pos;
            while (locate_BARE_KEY.test(sc.peek()))
                sc.pos++;
            if (sc.pos === start)
                return segs;
            segs.push(sc.s.slice(start, sc.pos));
        }
        sc.skipSpaces();
        if (sc.peek() !== '.')
            return segs;
        sc.advance();
    }
}
function skipString(sc) {
    const q = sc.peek();
    const triple = q + q + q;
    if (sc.at(triple)) {
        sc.advance(3);
        while (!sc.eof) {
            if (q === '"' && sc.peek() === '\\') {
                sc.advance(2);
            }
            else if (sc.at(triple)) {
                sc.advance(3);
                // Up to two quotes may sit right before the closing delimiter (`"""a"""""`).
                for (let i = 0; i < 2 && sc.peek() === q; i++)
                    sc.advance();
                return;
            }
            else {
                sc.advance();
            }
        }
        return;
    }
    sc.advance();
    while (!sc.eof && sc.peek() !== '\n') {
        if (q === '"' && sc.peek() === '\\') {
            sc.advance(2);
            continue;
        }
        const c = sc.peek();
        sc.advance();
        if (c === q)
            return;
    }
}
/** `key = value` under `path` (a table's or an inline table's): the key's line is recorded,
 *  then the value is read (its own keys too, for an inline table). */
function readKeyValue(sc, path, out) {
    const line = sc.line;
    const segs = readKey(sc);
    sc.skipSpaces();
    if (segs.length > 0 && sc.peek() === '=') {
        sc.advance();
        const full = [...path, ...segs];
        out.add(full, line);
        readValue(sc, full, out);
    }
}
function readValue(sc, path, out) {
    sc.skipSpaces();
    const c = sc.peek();
    if (c === '"' || c === "'") {
        skipString(sc);
    }
    else if (c === '[') {
        sc.advance();
        for (let i = 0; !sc.eof; i++) {
            sc.skipBlank();
            if (sc.peek() === ']') {
                sc.advance();
                return;
            }
            const before = sc.pos;
            out.add([...path, i], sc.line);
            readValue(sc, [...path, i], out);
            sc.skipBlank();
            if (sc.peek() === ',')
                sc.advance();
            else if (sc.peek() !== ']' && sc.pos === before)
                sc.advance();
        }
    }
    else if (c === '{') {
        sc.advance();
        while (!sc.eof) {
            sc.skipBlank();
            if (sc.peek() === '}') {
                sc.advance();
                return;
            }
            const before = sc.pos;
            readKeyValue(sc, path, out);
            sc.skipBlank();
            if (sc.peek() === ',')
                sc.advance();
            else if (sc.peek() !== '}' && sc.pos === before)
                sc.advance();
        }
    }
    else {
        // Number, boolean, date: ends at a separator, a comment or the end of the line.
        while (!sc.eof && !',]}#\n'.includes(sc.peek()))
            sc.pos++;
    }
}
function locateKeys(source) {
    const out = new KeyLocator();
    try {
        scanDocument(new Scanner(source), out);
    }
    catch {
        // Defensive only: positions are a convenience and must never break loading.
    }
    return out;
}
function scanDocument(sc, out) {
    // How many elements each array of tables has so far, keyed by its resolved path.
    const aotCounts = new Map();
    // A dotted header path where every segment naming an array of tables continues into its
    // latest element, as TOML defines (`[target.vm]` belongs to the last `[[target]]`).
    const resolve = (segs) => {
        const p = [];
        for (const seg of segs) {
            p.push(seg);
            const n = aotCounts.get(JSON.stringify(p));
            if (n !== undefined)
                p.push(n - 1);
        }
        return p;
    };
    let table = [];
    while (!sc.eof) {
        const start = sc.pos;
        sc.skipSpaces();
        const c = sc.peek();
        if (c === '\n' || c === '\r') {
            sc.advance();
        }
        else if (c === '#') {
            sc.skipComment();
        }
        else if (sc.at('[[')) {
            const line = sc.line;
            sc.advance(2);
            const segs = readKey(sc);
            if (segs.length > 0) {
                const prefix = resolve(segs.slice(0, -1));
                const arr = [...prefix, segs[segs.length - 1]];
                const key = JSON.stringify(arr);
                const n = aotCounts.get(key) ?? 0;
                aotCounts.set(key, n + 1);
                table = [...arr, n];
                out.add(arr, line);
                out.add(table, line);
            }
            sc.skipToNextLine();
        }
        else if (c === '[') {
            const line = sc.line;
            sc.advance();
            const segs = readKey(sc);
            if (segs.length > 0) {
                table = resolve(segs);
                out.add(table, line);
            }
            sc.skipToNextLine();
        }
        else {
            readKeyValue(sc, table, out);
            sc.skipToNextLine();
        }
        if (sc.pos === start)
            sc.advance();
    }
}

;// CONCATENATED MODULE: ./.build/src/config/load.js
// vmtest.toml → validated, resolved targets. Order of checks mirrors upstream: TOML syntax,
// then types for every target (upstream's serde pass), then upstream's rules target by target.









const MAX_LISTED_ISSUES = 20;
/** Read and parse a vmtest.toml file. */
function loadConfig(file, options = {}) {
    let text;
    try {
        text = (0,external_node_fs_namespaceObject.readFileSync)(file, 'utf8');
    }
    catch (e) {
        throw new ConfigError(`Failed to read config file ${options.displayPath ?? file}: ${readFailure(e, external_node_path_namespaceObject.resolve(file))}`, {
            file: external_node_path_namespaceObject.resolve(file),
            cause: e,
        });
    }
    return parseConfig(text, file, options);
}
/** Why a config file could not be read, in words rather than an errno dump. */
function readFailure(e, absFile) {
    const code = e?.code;
    if (code === 'ENOENT')
        return `no such file (looked for ${absFile})`;
    if (code === 'EISDIR')
        return `${absFile} is a directory`;
    if (code === 'EACCES')
        return `permission denied (${absFile})`;
    return e instanceof Error ? e.message : String(e);
}
/** Parse vmtest.toml text; `file` names it in messages and anchors relative paths. */
function parseConfig(text, file, options = {}) {
    const absFile = external_node_path_namespaceObject.resolve(file);
    const dir = external_node_path_namespaceObject.dirname(absFile);
    const display = options.displayPath ?? file;
    const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
    const data = parseTomlText(source, absFile, display);
    const locator = locateKeys(source);
    const warnings = unknownKeyWarnings(data, locator, absFile);
    const parsed = ConfigSchema.safeParse(data);
    if (!parsed.success)
        throw typeError(parsed.error.issues, data, locator, absFile, display, warnings);
    const specs = parsed.data.target.map(toSpec);
    const origins = specs.map((_, index) => {
        const line = locator.lineOf(['target', index]);
        return line === undefined ? { file: absFile, index } : { file: absFile, line, index };
    });
    specs.forEach((spec, i) => {
        try {
            assertUpstreamRules(spec, origins[i], display);
        }
        catch (e) {
            if (e instanceof ConfigError && warnings.length > 0) {
                throw new ConfigError(withNotes(e.message, warnings, display, absFile), {
                    file: e.file,
                    line: e.line,
                    reason: e.reason,
                    warnings,
                });
            }
            throw e;
        }
    });
    const host = options.hostArch !== undefined ? options.hostArch : (hostArch() ?? null);
    const targets = specs.map((spec, i) => resolveTarget(spec, dir, origins[i], host));
    return { file: absFile, dir, targets, warnings };
}
function parseTomlText(source, absFile, display) {
    try {
        // `throw` on __proto__ / constructor keys: never let a config reach into prototypes.
        return dist_parse_parse(source, { integersAsBigInt: true, unsafeKeyBehaviour: 'throw' });
    }
    catch (e) {
        if (e instanceof TomlError) {
            const [first, ...rest] = e.message.split('\n');
            const reason = first.replace(/^Invalid TOML document:\s*/, '');
            const codeblock = rest.join('\n').trimEnd();
            const loc = formatLocation(display, e.line, e.column);
            return throwConfig(`Failed to parse config: ${loc}${reason}${codeblock ? `\n${codeblock}` : ''}`, {
                file: absFile,
                line: e.line,
                column: e.column,
                reason: `Failed to parse config: ${reason}`,
                cause: e,
            });
        }
        // Anything else smol-toml throws (e.g. a RangeError on absurd nesting) is still a bad
        // config, not a crash.
        const why = e instanceof Error ? e.message : String(e);
        return throwConfig(`Failed to parse config: ${display}: ${why}`, { file: absFile, cause: e });
    }
}
function throwConfig(message, options) {
    throw new ConfigError(message, options);
}
function valueAt(data, p) {
    let v = data;
    for (const seg of p) {
        if (v === null || typeof v !== 'object')
            return undefined;
        v = v[seg];
    }
    return v;
}
function typeError(issues, data, locator, absFile, display, warnings) {
    const lines = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => {
        const p = issue.path;
        const value = valueAt(data, p);
        let subject;
        let field;
        if (p[0] === 'target' && typeof p[1] === 'number') {
            const name = valueAt(data, ['target', p[1], 'name']);
            subject = typeof name === 'string' && name !== '' ? `target '${name}': ` : `target #${p[1]}: `;
            field = p.slice(2);
        }
        else {
            subject = '';
            field = p;
        }
        const key = field.length > 0 ? `${formatKeyPath(field)}: ` : '';
        let what;
        if (value === undefined) {
            what =
                p.length === 1 && p[0] === 'target'
                    ? 'missing: at least one [[target]] table is required'
                    : 'missing required key';
        }
        else {
            what = `${issue.message}, got ${describeValue(value)}`;
        }
        const locPath = p.filter((s) => typeof s !== 'symbol');
        return { line: locator.nearestLine(locPath), text: `${subject}${key}${what}` };
    });
    if (issues.length > MAX_LISTED_ISSUES)
        lines.push({ text: `... and ${issues.length - MAX_LISTED_ISSUES} more` });
    const first = lines[0];
    const located = lines.map((l) => `${formatLocation(display, l.line)}${l.text}`);
    const message = located.length === 1
        ? `Failed to parse config: ${located[0]}`
        : `Failed to parse config:\n  ${located.join('\n  ')}`;
    return new ConfigError(withNotes(message, warnings, display, absFile), {
        warnings,
        file: absFile,
        line: first?.line,
        reason: lines.length === 1 ? `Failed to parse config: ${first.text}` : message,
    });
}
/** A typo'd key often *causes* the error (`comand` → command missing): show the warnings too. */
function withNotes(message, warnings, display, absFile) {
    if (warnings.length === 0)
        return message;
    const notes = warnings.map((w) => `  note: ${formatLocation(w.file === absFile ? display : w.file, w.line)}${w.message}`);
    return `${message}\n${notes.join('\n')}`;
}
/** The schema's keys are the field names; only `vm.num_cpus` (a BigInt) and `vm.mounts` (a
 *  table keyed by guest path) change form. */
function toSpec(t) {
    const mounts = Object.entries(t.vm.mounts).map(([guestPath, m]) => ({
        guestPath,
        hostPath: m.host_path,
        writable: m.writable,
    }));
    return targetSpec(t.name, t.command, { ...t, ...t.vm, num_cpus: Number(t.vm.num_cpus), mounts });
}

;// CONCATENATED MODULE: ./.build/src/config/one-liner.js
// `vmtest -k <kernel> [COMMAND...]`: one kernel target with default VM settings, named after
// the kernel file (as upstream names it: the last path component), paths relative to the
// working directory, which is also the shared directory.



/** Upstream takes the kernel path's file name (`dir/bzImage` → `bzImage`). */
function oneLinerName(kernel) {
    return external_node_path_namespaceObject.basename(kernel);
}
function oneLinerTarget(opts, cwd, host = hostArch() ?? null) {
    const { command, ...fields } = opts;
    const spec = targetSpec(oneLinerName(opts.kernel), command.join(' '), fields);
    const origin = { index: 0 };
    assertUpstreamRules(spec, origin);
    return resolveTarget(spec, external_node_path_namespaceObject.resolve(cwd), origin, host);
}

;// CONCATENATED MODULE: ./.build/src/config/options.js
// RunOptions, built in one place for both front ends: the CLI and the action each turn their
// flags / inputs into RunSettings (already parsed, nothing given = undefined) and this fills
// the defaults and resolves paths, so a default or a rule cannot differ between the two.

/**
 * RunOptions from `settings`, `logsDir` resolved against `baseDir` (the CLI's working
 * directory, the action's workspace). Splat failures and parallel runs beyond what the host
 * holds are opt-in; the workspace share is read-write, as upstream's.
 */
function buildRunOptions(settings, baseDir) {
    const options = {
        accel: settings.accel ?? 'auto',
        initramfs: settings.initramfs ?? 'auto',
        writeImage: settings.writeImage ?? false,
        envWithhold: [...(settings.envWithhold ?? [])],
        envPass: [...(settings.envPass ?? [])],
        jobs: settings.jobs ?? 'auto',
        failOnSplat: settings.failOnSplat ?? false,
        testOutput: settings.testOutput ?? 'auto',
        workspaceMount: settings.workspaceMount ?? 'rw',
    };
    if (settings.bootTimeout !== undefined)
        options.bootTimeout = settings.bootTimeout;
    if (settings.commandTimeout !== undefined)
        options.commandTimeout = settings.commandTimeout;
    if (settings.logsDir !== undefined)
        options.logsDir = external_node_path_namespaceObject.resolve(baseDir, settings.logsDir);
    if (settings.maxLogBytes !== undefined)
        options.maxLogBytes = settings.maxLogBytes;
    // Undefined lets each target's vmtest.toml key (or the default) decide.
    if (settings.testOutputSource !== undefined)
        options.testOutputSource = settings.testOutputSource;
    if (settings.failOnTestFailure !== undefined)
        options.failOnTestFailure = settings.failOnTestFailure;
    return options;
}
/** Run options when no flag / input says otherwise. */
function defaultRunOptions() {
    return buildRunOptions({}, '/');
}

;// CONCATENATED MODULE: ./.build/src/cli/plan.js
// CLI arguments → Plan. Config mode loads vmtest.toml and applies --filter; one-liner mode
// (`-k`) builds one kernel target and ignores --filter, as upstream does.









const DEFAULT_CONFIG = 'vmtest.toml';
const DEFAULT_FILTER = '.*';
function planFromCli(args, cwd, env = process.env) {
    const options = runOptionsFromCli(args, cwd, env);
    const warnings = [];
    if (args.kernel !== undefined) {
        // Upstream says "Invalid config: Target 'bzImage' has empty command", which sends people
        // looking for a config they never wrote.
        if (args.command.join(' ').trim() === '')
            throw new ConfigError(missingCommandMessage(args.kernel));
        if (args.filter !== undefined)
            warnings.push({ message: `--filter '${args.filter}' is ignored with --kernel (one-liner mode has one target)` });
        const target = oneLinerTarget({
            kernel: args.kernel,
            kernel_args: args.kargs,
            rootfs: args.rootfs,
            kernel_modules: args.kernelModules,
            arch: args.arch,
            qemu_command: args.qemuCommand,
            kvm_cpu_args: args.kvmCpuArgs,
            network: args.network,
            shared_fs: args.sharedFs,
            command: args.command,
        }, cwd);
        return { targets: [target], options, warnings };
    }
    const display = args.config ?? DEFAULT_CONFIG;
    // Compile first: a bad regex is reported even when the config is fine.
    const filter = compileFilter(args.filter ?? DEFAULT_FILTER);
    const file = external_node_path_namespaceObject.resolve(cwd, display);
    // Plain `vmtest` in a folder without a vmtest.toml: most likely a first try, so say what
    // was looked for and how to run one command instead of a raw ENOENT.
    if (args.config === undefined && !(0,external_node_fs_namespaceObject.existsSync)(file))
        throw new ConfigError(noDefaultConfigMessage(file));
    const config = loadConfig(file, { displayPath: display });
    warnings.push(...config.warnings);
    const targets = filterTargets(config.targets, filter);
    // Upstream exits 0 when nothing matches (kept: scripts may rely on it), but silently.
    if (targets.length === 0 && config.targets.length > 0) {
        warnings.push({
            message: `${noMatchMessage('--filter', args.filter ?? DEFAULT_FILTER, config.targets, display)}; nothing to run`,
            file: config.file,
        });
    }
    return { targets, options, warnings };
}
const ONE_COMMAND = 'vmtest -k KERNEL -- COMMAND';
function noDefaultConfigMessage(file) {
    return [
        `error: no vmtest.toml here (looked for ${file})`,
        '',
        'Usage:',
        `  ${ONE_COMMAND.padEnd(30)}boot KERNEL and run COMMAND in it`,
        `  ${'vmtest -c CONFIG'.padEnd(30)}run the targets of a vmtest.toml`,
        '',
        "For more information, try '--help'.",
    ].join('\n');
}
function missingCommandMessage(kernel) {
    return [
        `error: no COMMAND to run in the guest after '--kernel ${kernel}'`,
        '',
        `Usage: ${ONE_COMMAND}   (or \`-\` as the COMMAND for a shell in the guest)`,
        '',
        "For more information, try '--help'.",
    ].join('\n');
}
function runOptionsFromCli(args, cwd, env) {
    // The CLI's counterpart of the action's env_withhold / env_pass inputs.
    let envWithhold;
    let envPass;
    try {
        envWithhold = parseEnvNames(env.VMTEST_ENV_WITHHOLD ?? '', 'VMTEST_ENV_WITHHOLD');
        envPass = parseEnvNames(env.VMTEST_ENV_PASS ?? '', 'VMTEST_ENV_PASS');
    }
    catch (e) {
        if (e instanceof values_ValueError)
            throw new ConfigError(e.message);
        throw e;
    }
    return buildRunOptions({
        accel: args.accel,
        bootTimeout: args.bootTimeout,
        commandTimeout: args.timeout,
        initramfs: args.initramfs,
        writeImage: args.writeImage,
        envWithhold,
        envPass,
        jobs: args.jobs,
        failOnSplat: args.failOnSplat,
        testOutput: args.testOutput,
        testOutputSource: args.testOutputSource,
        failOnTestFailure: args.failOnTestFailure,
        logsDir: args.logsDir,
        workspaceMount: args.workspaceMount,
        maxLogBytes: args.maxLogSize,
    }, cwd);
}

;// CONCATENATED MODULE: ./.build/src/util/elf.js
// Just enough ELF to tell whether a program can run alone in an initramfs: it must not ask
// for a program interpreter (PT_INTERP, i.e. ld.so), and it must be built for the guest.
const PT_INTERP = 3;
/** e_machine values of the architectures we boot. */
const MACHINES = { 0x3e: 'x86_64', 0xb7: 'aarch64', 0x16: 's390x', 0xf3: 'riscv64' };
/** Reads the ELF header and program headers in `data`; undefined when it is not ELF or is
 *  truncated. */
function readElfInfo(data) {
    if (data.length < 52 || data.readUInt32BE(0) !== 0x7f454c46)
        return undefined;
    const is64 = data[4] === 2;
    const le = data[5] === 1;
    if (!is64 && data[4] !== 1)
        return undefined;
    const u16 = (at) => (le ? data.readUInt16LE(at) : data.readUInt16BE(at));
    const u32 = (at) => (le ? data.readUInt32LE(at) : data.readUInt32BE(at));
    const u64 = (at) => Number(le ? data.readBigUInt64LE(at) : data.readBigUInt64BE(at));
    if (is64 && data.length < 64)
        return undefined;
    const machine = u16(0x12);
    const phoff = is64 ? u64(0x20) : u32(0x1c);
    const phentsize = u16(is64 ? 0x36 : 0x2a);
    const phnum = u16(is64 ? 0x38 : 0x2c);
    if (phentsize < 4 || phoff + phnum * phentsize > data.length)
        return undefined;
    let isStatic = true;
    for (let i = 0; i < phnum; i++) {
        if (u32(phoff + i * phentsize) === PT_INTERP)
            isStatic = false;
    }
    return { arch: MACHINES[machine], machine, isStatic };
}

;// CONCATENATED MODULE: ./.build/src/util/root-path.js
// Paths taken from a target's rootfs are the guest's to shape: a dedicated rootfs may hold
// links planted by an earlier guest (or shipped in an untrusted tree) that point at the host's
// own files. Everything the host reads from a rootfs (busybox, modules, modules.dep, the
// arch probe) and the init's folder it writes go through here, so each stays inside the root.


/** Maximum symlinks followed for one lookup, as the kernel's ELOOP limit. */
const MAX_SYMLINKS = 40;
/** The rule every path taken from a rootfs must follow, quoted in refusals. */
const ROOT_RULE = 'every path taken from a rootfs must stay inside it';
/** A path in a rootfs that cannot be followed without leaving it (or without end). */
class RootPathError extends Error {
    rootfs;
    guestPath;
    constructor(rootfs, guestPath, why) {
        super(`${guestPath} in rootfs ${rootfs} ${why} (refused: ${ROOT_RULE})`);
        this.rootfs = rootfs;
        this.guestPath = guestPath;
        this.name = 'RootPathError';
    }
}
/**
 * The host path of `guestPath` inside the directory tree `rootfs`, following symlinks as the
 * guest would see them, one component at a time: an absolute link target is relative to
 * `rootfs`, and `..` never climbs above it. A target's rootfs is often a chroot whose links
 * (merged-/usr's `/lib -> usr/lib`, alternatives) point at absolute paths that mean
 * something else on the host. Below a missing component the rest is appended without its
 * `.`/`..` (so the caller's stat reports ENOENT, never a path outside). Throws RootPathError
 * on more than 40 links, or when the real path of what exists is outside the root.
 */
function resolveInRoot(rootfs, guestPath) {
    const root = external_node_path_namespaceObject.resolve(rootfs);
    const pending = splitPath(guestPath);
    const done = [];
    let links = 0;
    while (pending.length > 0) {
        const part = pending.shift();
        if (part === '.')
            continue;
        if (part === '..') {
            done.pop();
            continue;
        }
        const host = external_node_path_namespaceObject.join(root, ...done, part);
        let isLink;
        try {
            isLink = (0,external_node_fs_namespaceObject.lstatSync)(host).isSymbolicLink();
        }
        catch {
            // Missing (or below a non-directory): nothing left to resolve below it.
            const rest = pending.filter((p) => p !== '.' && p !== '..');
            return checkInside(root, guestPath, external_node_path_namespaceObject.join(root, ...done, part, ...rest));
        }
        if (!isLink) {
            done.push(part);
            continue;
        }
        if (++links > MAX_SYMLINKS)
            throw new RootPathError(root, guestPath, `goes through more than ${MAX_SYMLINKS} symbolic links (a loop?)`);
        const target = (0,external_node_fs_namespaceObject.readlinkSync)(host);
        if (target.startsWith('/'))
            done.length = 0;
        pending.unshift(...splitPath(target));
    }
    return checkInside(root, guestPath, external_node_path_namespaceObject.join(root, ...done));
}
/**
 * The contents of the regular file `guestPath` in `rootfs`, resolved by resolveInRoot and
 * opened without following a link at its last component; the file actually opened is checked
 * to be inside the root (so a link swapped in after the lookup is caught). Errors from the
 * file system (ENOENT, EISDIR, …) are thrown as they are; leaving the root is a RootPathError.
 */
function readFileInRoot(rootfs, guestPath, maxBytes) {
    const file = resolveInRoot(rootfs, guestPath);
    const fd = (0,external_node_fs_namespaceObject.openSync)(file, external_node_fs_namespaceObject.constants.O_RDONLY | external_node_fs_namespaceObject.constants.O_NOFOLLOW | external_node_fs_namespaceObject.constants.O_NONBLOCK);
    try {
        const opened = (0,external_node_fs_namespaceObject.readlinkSync)(`/proc/self/fd/${fd}`);
        if (!isInside(realRoot(external_node_path_namespaceObject.resolve(rootfs)), opened))
            throw new RootPathError(rootfs, guestPath, `opened ${opened}, which is outside it`);
        // Not a FIFO or device the guest planted: those could block or read host devices.
        if (!(0,external_node_fs_namespaceObject.fstatSync)(fd).isFile())
            throw Object.assign(new Error(`${file} is not a regular file`), { code: 'EINVAL' });
        if (maxBytes === undefined)
            return { path: file, data: (0,external_node_fs_namespaceObject.readFileSync)(fd) };
        const buf = Buffer.alloc(maxBytes);
        let filled = 0;
        for (;;) {
            const n = (0,external_node_fs_namespaceObject.readSync)(fd, buf, filled, maxBytes - filled, null);
            if (n === 0 || (filled += n) >= maxBytes)
                break;
        }
        return { path: file, data: buf.subarray(0, filled) };
    }
    finally {
        (0,external_node_fs_namespaceObject.closeSync)(fd);
    }
}
/** Whether `file` is `root` or below it (both absolute, normalised). */
function isInside(root, file) {
    const rel = external_node_path_namespaceObject.relative(root, file);
    return rel === '' || (rel !== '..' && !rel.startsWith('../') && !external_node_path_namespaceObject.isAbsolute(rel));
}
/** `resolved` (no links in its existing part) must really be inside `root`: its deepest
 *  existing ancestor's real path is compared with the root's. */
function checkInside(root, guestPath, resolved) {
    let existing = resolved;
    for (;;) {
        try {
            const real = (0,external_node_fs_namespaceObject.realpathSync)(existing);
            if (!isInside(realRoot(root), real))
                throw new RootPathError(root, guestPath, `resolves to ${real}, which is outside it`);
            return resolved;
        }
        catch (err) {
            if (err instanceof RootPathError)
                throw err;
            // Nothing of it exists, down to the root itself: nothing to leave the root through.
            if (existing === root)
                return resolved;
            existing = external_node_path_namespaceObject.dirname(existing);
        }
    }
}
function realRoot(root) {
    try {
        return (0,external_node_fs_namespaceObject.realpathSync)(root);
    }
    catch {
        return root;
    }
}
function splitPath(p) {
    return p.split('/').filter((part) => part !== '');
}

;// CONCATENATED MODULE: ./.build/src/config/rootfs-arch.js


/** The program the guest's init runs as (templates/init.sh's `#!/bin/bash`). */
const PROBE = 'bin/bash';
/** Enough of an ELF file for its header and program headers. */
const HEAD_BYTES = 4096;
/**
 * Why `target`'s rootfs cannot run its kernel's arch, or undefined when it can (or when that
 * cannot be told: no bash there, not ELF). `host` is this machine's arch.
 */
function rootfsArchProblem(target, host) {
    if (target.kind !== 'kernel')
        return undefined;
    if (target.rootfs === '/') {
        if (host === undefined || target.arch === host)
            return undefined;
        return (`is this host's own ${host} root: its programs (init, guest agent, your command) cannot run under the target's ${target.arch} kernel. ` +
            `A foreign-arch kernel target needs a rootfs of that arch: set rootfs (--rootfs) to a directory holding a root file system for ${target.arch}, ` +
            `e.g. unpacked from ${target.arch} distro packages`);
    }
    let probe;
    try {
        probe = readFileInRoot(target.rootfs, PROBE, HEAD_BYTES);
    }
    catch (err) {
        // A link out of the root is the rootfs's problem to report; anything else (no bash,
        // unreadable) means the arch cannot be told.
        if (err instanceof RootPathError)
            return `cannot be probed for its arch: ${err.message}`;
    }
    const file = probe?.path;
    const elf = readElfInfo(probe?.data ?? Buffer.alloc(0));
    if (elf === undefined || elf.arch === undefined || elf.arch === target.arch)
        return undefined;
    return `holds ${elf.arch} programs (${file} is built for ${elf.arch}), but the target's arch is ${target.arch}: it needs a rootfs of that arch`;
}

;// CONCATENATED MODULE: ./.build/src/config/paths.js
// Upstream does not check paths; a missing kernel then surfaces as QEMU's "could not open
// kernel file" after the VM was set up. We check every path before anything boots.




function statOrUndefined(p) {
    try {
        return (0,external_node_fs_namespaceObject.statSync)(p);
    }
    catch {
        return undefined;
    }
}
function paths_check(field, p, want, target, out) {
    const st = statOrUndefined(p);
    if (st === undefined)
        out.push({ target, field, path: p, problem: 'does not exist' });
    else if (want === 'file' && st.isDirectory())
        out.push({ target, field, path: p, problem: 'is a directory, expected a file' });
    else if (want === 'dir' && !st.isDirectory())
        out.push({ target, field, path: p, problem: 'is not a directory' });
}
/** Every missing or wrong-kind path of these targets (remote sources not yet downloaded are
 *  skipped), and every kernel target whose rootfs is of another arch than its kernel. */
function findPathProblems(targets, host = hostArch()) {
    const out = [];
    for (const t of targets) {
        if (t.kernel !== undefined)
            paths_check('kernel', t.kernel, 'file', t, out);
        if (t.image !== undefined)
            paths_check('image', t.image, 'file', t, out);
        // The rootfs is only exported for kernel targets.
        if (t.kind === 'kernel') {
            const before = out.length;
            paths_check('rootfs', t.rootfs, 'dir', t, out);
            const archProblem = out.length === before ? rootfsArchProblem(t, host) : undefined;
            if (archProblem)
                out.push({ target: t, field: 'rootfs', path: t.rootfs, problem: archProblem });
            if (t.kernelModules !== undefined)
                paths_check('kernel_modules', t.kernelModules, 'dir', t, out);
        }
        if (t.vm.bios !== undefined)
            paths_check('vm.bios', t.vm.bios, 'file', t, out);
        for (const m of t.vm.mounts)
            paths_check(`vm.mounts.${JSON.stringify(m.guestPath)}.host_path`, m.hostPath, 'any', t, out);
    }
    return out;
}
/** Throws one ConfigError listing every path problem; located at the first one's target. */
function checkPaths(targets) {
    const problems = findPathProblems(targets);
    if (problems.length === 0)
        return;
    const describe = (p) => `target '${p.target.name}': ${p.field} ${p.path} ${p.problem}`;
    const lines = problems.map((p) => `${formatLocation(p.target.origin.file, p.target.origin.line)}${describe(p)}`);
    const first = problems[0].target.origin;
    throw new ConfigError(lines.length === 1 ? lines[0] : `Missing paths:\n  ${lines.join('\n  ')}`, {
        file: first.file,
        line: first.line,
        reason: problems.length === 1 ? describe(problems[0]) : problems.map(describe).join('; '),
    });
}

;// CONCATENATED MODULE: ./.build/src/qemu/arch.js
// QEMU's view of an arch (program, board, TCG cpu, console, disk device): the per-arch table
// in platform/, under the name the argv builder uses.


;// CONCATENATED MODULE: ./.build/src/platform/ninep.js
// The 9p mount options of every share, in one place: the root (the kernel command line's
// rootflags, and our initramfs's fallback when none is given) and /mnt/vmtest and vm.mounts
// (the guest's mount script) all mount with these. cache=mmap lets programs mmap files on
// the share (loaders, test binaries); msize 1 MiB cuts round trips on large reads (the
// kernel caps it at what the virtio transport allows).
const NINEP_MOUNT_OPTIONS = 'trans=virtio,cache=mmap,msize=1048576';

;// CONCATENATED MODULE: ./.build/src/qemu/cmdline.js


/**
 * The words stay the same whether or not our generated initramfs boots first: the kernel
 * ignores `init=`/`root*` once an initramfs runs, and that initramfs's /init reads them from
 * /proc/cmdline to mount the 9p root and hand over to `init=`.
 */
function buildKernelCmdline(target, initGuestPath) {
    const con = archFacts(target.arch).console;
    const words = [
        // The root is the 9p (or virtiofs) export tagged /dev/root (see argv.ts).
        ...rootWords(target),
        // Writable root: tools expect to write logs and state; a user `ro` in kernel_args wins.
        'rw',
        `earlyprintk=serial,${con},115200`,
        // No rate limit on /dev/kmsg writes (the guest agent logs there).
        'printk.devkmsg=on',
        `console=${con},115200`,
        'loglevel=7',
        'raid=noautodetect',
        `init=${initGuestPath}`,
        // With QEMU's -no-reboot, a guest panic reboots at once and so ends QEMU.
        'panic=-1',
        ...bootSpeedWords(target),
    ];
    if (target.kernelArgs)
        words.push(...splitWords(target.kernelArgs));
    return words.join(' ');
}
/**
 * Two words for x86's default `pc` board that spare the kernel waits a headless test VM gains
 * nothing from:
 * - `acpi=noirq`: PCI interrupts routed from the BIOS's $PIR table rather than ACPI's
 *   interrupt links. Under TCG a kernel with ACPI spends ~0.2 s per PCI device evaluating its
 *   link (the `ACPI: \_SB_.LNKx: Enabled at IRQ n` lines), ~0.7 s for the console port and
 *   the two 9p shares; the routing it ends with is the same.
 * - `i8042.noaux`: no PS/2 mouse probe. Under TCG it takes ~0.6 s, and the kernel waits for
 *   it before it mounts the root (the `ImExPS/2 Generic Explorer Mouse` line comes just
 *   before `VFS: Mounted root`). The keyboard port stays, the serial console is untouched;
 *   a kernel without i8042 ignores the word.
 * Not when vm.extra_args picks a board (`-machine`/`-M`): `-machine pc` there gives upstream's
 * words. (`kernel_args` can also undo either: `i8042.noaux=0`, the last word wins.)
 */
function bootSpeedWords(target) {
    if (target.arch !== 'x86_64')
        return [];
    const picksBoard = target.vm.extraArgs.some((a) => /^--?(machine|M)(=|$)/.test(a));
    return picksBoard ? [] : BOOT_SPEED_WORDS;
}
/** The words bootSpeedWords adds (the bench's bare floor leaves them out for upstream's line). */
const BOOT_SPEED_WORDS = ['acpi=noirq', 'i8042.noaux'];
/** The root filesystem's words: 9p with its mount options, or virtiofs (`root=` names the
 *  tag, which a kernel with VIRTIO_FS built in mounts by itself; our initramfs reads it). */
function rootWords(target) {
    if (target.vm.sharedFs === 'virtiofs')
        return ['rootfstype=virtiofs', 'root=/dev/root'];
    return ['rootfstype=9p', `rootflags=${NINEP_MOUNT_OPTIONS}`];
}
function splitWords(text) {
    return text.split(/\s+/).filter((w) => w !== '');
}

;// CONCATENATED MODULE: ./.build/src/qemu/errors.js
// Typed errors of the QEMU command-line builders. Each names what it was looking at (the
// image file, the firmware paths tried, the target) so the engine can show it as is.
/** No UEFI firmware could be chosen for a `uefi = true` target. */
class FirmwareNotFoundError extends Error {
    target;
    arch;
    tried;
    name = 'FirmwareNotFoundError';
    constructor(target, arch, 
    /** Every path that was checked, in order (empty when no default is known for the arch). */
    tried, hint) {
        super(tried.length
            ? `Target '${target}': no UEFI firmware found for ${arch}; tried:\n${tried.map((p) => `  ${p}`).join('\n')}\n${hint}`
            : `Target '${target}': no default UEFI firmware is known for ${arch}. ${hint}`);
        this.target = target;
        this.arch = arch;
        this.tried = tried;
    }
}
/** The disk image could not be read, or is in a format we cannot boot as is. */
class ImageFormatError extends Error {
    path;
    name = 'ImageFormatError';
    constructor(path, message) {
        super(`${path}: ${message}`);
        this.path = path;
    }
}
/** buildQemuArgv was called without something the target kind needs (a caller bug). */
class ArgvError extends Error {
    target;
    name = 'ArgvError';
    constructor(target, message) {
        super(`Target '${target}': ${message}`);
        this.target = target;
    }
}

;// CONCATENATED MODULE: ./.build/src/qemu/escape.js
// QEMU's option syntax (`key=value,key=value`) reads `,,` as a literal comma. Paths are
// user-controlled (config directory, mounts, images), so a comma in one must not end the value
// and start a new option (upstream passes them raw).
/** Escape a value for a QEMU `key=value,...` option string. */
function optValue(value) {
    return value.replaceAll(',', ',,');
}

;// CONCATENATED MODULE: ./.build/src/qemu/argv.js




/** 9p tag of the guest root: the kernel looks for its root device under this name. */
const ROOT_MOUNT_TAG = '/dev/root';
/** 9p tag of the config directory, mounted at /mnt/vmtest in the guest. */
const SHARED_MOUNT_TAG = 'vmtest-shared';
/** Where the guest sees the config directory (upstream's path). */
const SHARED_GUEST_PATH = '/mnt/vmtest';
/** virtio-serial port names the guest looks for (interface facts shared with upstream). */
const GUEST_AGENT_PORT = 'org.qemu.guest_agent.0';
const COMMAND_OUTPUT_PORT = 'org.qemu.virtio_serial.0';
/** Drive id of an image target's disk. */
const IMAGE_DRIVE_ID = 'vmtest-disk';
/** Longest 9p mount tag Linux accepts (MAX_TAG_LEN 32, including the terminating NUL). */
const MAX_MOUNT_TAG_LEN = 31;
/**
 * 9p tag of the `index`-th `vm.mounts` entry. Tags come from the position, not the guest path:
 * a path can exceed the 31-byte tag limit or hold characters a tag cannot.
 */
function mountTag(index) {
    return `vmtest-mount${index}`;
}
/** 9p tag of a kernel target's `kernel_modules` folder. templates/mount.sh knows it by this
 *  tag: it mounts a private tmpfs on the guest path (/lib/modules), so the root's own is
 *  hidden and never written, and shows the folder's version folder at /lib/modules/<release>. */
const MODULES_MOUNT_TAG = 'vmtest-modules';
/** The target's `vm.mounts` with their tags, then its `kernel_modules` folder (read-only), in
 *  the order their -virtfs options appear. */
function mountShares(target) {
    const mounts = target.vm.mounts.map((m, i) => ({
        tag: mountTag(i),
        guestPath: m.guestPath,
        hostPath: m.hostPath,
        writable: m.writable,
    }));
    if (target.kind !== 'kernel' || target.kernelModules === undefined)
        return mounts;
    return [
        ...mounts,
        { tag: MODULES_MOUNT_TAG, guestPath: '/lib/modules', hostPath: target.kernelModules, writable: false },
    ];
}
/** The 9p shares the guest mounts, in order: /mnt/vmtest (unless `off`), then vm.mounts.
 *  The same shares buildQemuArgv exports, with the same read-only flags. */
function guestShares(target, workspaceMount = 'rw') {
    const shared = workspaceMount === 'off'
        ? []
        : [{ tag: SHARED_MOUNT_TAG, path: SHARED_GUEST_PATH, readonly: workspaceMount === 'ro' }];
    return [...shared, ...mountShares(target).map((m) => ({ tag: m.tag, path: m.guestPath, readonly: !m.writable }))];
}
/** Every share of a `shared_fs = "virtiofs"` target, one virtiofsd each, in the order their
 *  devices appear: a kernel target's root, then guestShares(). */
function virtiofsShares(target, workspaceMount = 'rw') {
    const root = target.kind === 'kernel' ? [{ tag: ROOT_MOUNT_TAG, path: '/', readonly: false, source: target.rootfs }] : [];
    const shared = workspaceMount === 'off'
        ? []
        : [
            {
                tag: SHARED_MOUNT_TAG,
                path: SHARED_GUEST_PATH,
                readonly: workspaceMount === 'ro',
                source: target.sharedDir,
            },
        ];
    return [
        ...root,
        ...shared,
        ...mountShares(target).map((m) => ({ tag: m.tag, path: m.guestPath, readonly: !m.writable, source: m.hostPath })),
    ];
}
function buildQemuArgv(target, o) {
    if (target.vm.sharedFs === 'virtiofs')
        return buildVirtiofsArgv(target, o);
    const spec = archFacts(target.arch);
    const args = ['-nodefaults', '-display', 'none', '-serial', 'mon:stdio'];
    if (o.accel === 'kvm')
        args.push('-enable-kvm', '-cpu', target.kvmCpuArgs || 'host');
    else
        args.push('-accel', 'tcg', '-cpu', spec.tcgCpu);
    args.push(...spec.machine);
    // Differs from upstream on purpose, for x86 images: with -nodefaults and no display SeaBIOS
    // prints nowhere, so a disk it cannot boot ("No bootable device", e.g. a UEFI-only image
    // without `uefi = true`) looked like a silent hang until the boot deadline. graphics=off
    // sends the firmware's messages to the serial console. Kernel targets skip the firmware's
    // boot menu entirely, and there it would only echo the kernel's real-mode lines twice.
    if (target.arch === 'x86_64' && target.kind === 'image')
        args.push('-machine', 'graphics=off');
    args.push('-qmp', `unix:${optValue(o.sockets.qmp)},server=on,wait=off`);
    // The command's output port and, for an image, its agent's port on one virtio-serial
    // controller, where upstream gives each its own. The guest finds both by name either way,
    // but every PCI device costs the guest ~0.2 s to bring up under TCG (its interrupt link),
    // measured with `npm run timeline`. A kernel target has no agent: our init runs the
    // command and reports on the output port.
    args.push('-device', 'virtio-serial');
    if (target.kind === 'image') {
        args.push('-chardev', `socket,path=${optValue(o.sockets.qga)},server=on,wait=off,id=qga0`, '-device', `virtserialport,chardev=qga0,name=${GUEST_AGENT_PORT}`);
    }
    args.push('-chardev', `socket,path=${optValue(o.sockets.output)},server=on,wait=off,id=cmdout`, '-device', `virtserialport,chardev=cmdout,name=${COMMAND_OUTPUT_PORT}`);
    // The boot medium comes first so it is the guest's first disk / 9p device.
    if (target.kind === 'image')
        args.push(...imageArgs(target, o, spec.blkDevice));
    else
        args.push(...kernelArgs(target, o));
    // readonly=on makes QEMU refuse the guest's writes, whatever the guest mounts it as.
    const workspace = o.workspaceMount ?? 'rw';
    if (workspace !== 'off')
        args.push(...virtfs('shared', target.sharedDir, SHARED_MOUNT_TAG, workspace === 'ro'));
    args.push('-smp', String(target.vm.numCpus), '-m', target.vm.memory);
    for (const share of mountShares(target)) {
        args.push(...virtfs(share.tag, share.hostPath, share.tag, !share.writable));
    }
    if (target.vm.network === 'user')
        args.push(...userNetwork(target));
    // Last, so the user's options override ours (QEMU takes the last -cpu, -machine, …).
    args.push(...target.vm.extraArgs);
    return { program: target.qemuCommand, args };
}
/**
 * The argv with every 9p share replaced by a vhost-user-fs device on its virtiofsd socket.
 * vhost-user needs the guest's RAM shared with the daemons: a memfd backend of the guest's
 * size (`-machine memory-backend=`, on every machine type). Built from the 9p argv so the two
 * cannot drift apart in anything else.
 */
function buildVirtiofsArgv(target, o) {
    const shares = virtiofsShares(target, o.workspaceMount);
    const sockets = o.virtiofsSockets ?? [];
    if (sockets.length !== shares.length)
        throw new ArgvError(target.name, `shared_fs = "virtiofs" needs one virtiofsd socket per share (${shares.length}), got ${sockets.length}`);
    const built = buildQemuArgv({ ...target, vm: { ...target.vm, sharedFs: '9p' } }, o);
    const args = [];
    let next = 0;
    const device = target.arch === 's390x' ? 'vhost-user-fs-ccw' : 'vhost-user-fs-pci';
    for (let i = 0; i < built.args.length; i++) {
        // The user's own -virtfs options (extra_args, last) stay as they are.
        if (built.args[i] !== '-virtfs' || next >= shares.length) {
            args.push(built.args[i]);
            continue;
        }
        i++;
        const n = next++;
        args.push('-chardev', `socket,id=vfs${n},path=${optValue(sockets[n])}`, '-device', `${device},chardev=vfs${n},tag=${shares[n].tag},queue-size=1024`);
    }
    // The root's words on the kernel command line (rootfstype=virtiofs) follow the target.
    const append = args.indexOf('-append');
    if (target.kind === 'kernel' && append >= 0)
        args[append + 1] = buildKernelCmdline(target, o.initGuestPath);
    const at = args.indexOf('-m');
    args.splice(at, 0, '-object', `memory-backend-memfd,id=vmtest-mem,size=${backendSize(target.vm.memory)},share=on`, '-machine', 'memory-backend=vmtest-mem');
    return { program: built.program, args };
}
/** `-m` takes a bare number as MiB, a backend's size= as bytes: say MiB explicitly. */
function backendSize(memory) {
    return /^\d+$/.test(memory.trim()) ? `${memory.trim()}M` : memory;
}
function imageArgs(target, o, blkDevice) {
    if (!target.image)
        throw new ArgvError(target.name, 'image target without an image path');
    let drive = `file=${optValue(target.image)}`;
    if (o.imageFormat)
        drive += `,format=${o.imageFormat}`;
    drive += `,index=1,media=disk,if=none,id=${IMAGE_DRIVE_ID}`;
    // snapshot=on: writes go to a temporary overlay, so the image file is never modified.
    if (!o.writeImage)
        drive += ',snapshot=on';
    const args = ['-drive', drive, '-device', `${blkDevice},drive=${IMAGE_DRIVE_ID},bootindex=1`];
    if (target.uefi) {
        if (!o.firmware)
            throw new ArgvError(target.name, 'uefi = true but no firmware was resolved (resolveUefiFirmware)');
        args.push('-bios', o.firmware);
    }
    return args;
}
function kernelArgs(target, o) {
    if (!target.kernel)
        throw new ArgvError(target.name, 'kernel target without a kernel path');
    if (!o.initGuestPath)
        throw new ArgvError(target.name, 'kernel target without the guest path of the init script');
    const args = [...virtfs('root', target.rootfs, ROOT_MOUNT_TAG, false), '-kernel', target.kernel];
    if (o.initramfs)
        args.push('-initrd', o.initramfs);
    // -no-reboot with panic=-1 in the command line: a guest panic ends QEMU instead of looping.
    args.push('-no-reboot', '-append', buildKernelCmdline(target, o.initGuestPath));
    return args;
}
// -virtfs, as upstream, on every arch. It always makes a virtio-9p-pci device, even on s390x
// (there on the zPCI bus, beside the CCW devices the `virtio-serial` alias gives): Debian's
// s390x kernel mounts it with its virtio_pci module, checked under TCG.
function virtfs(id, path, tag, readonly) {
    let spec = `local,id=${id},path=${optValue(path)},mount_tag=${tag},security_model=none,multidevs=remap`;
    if (readonly)
        spec += ',readonly=on';
    return ['-virtfs', spec];
}
/**
 * `vm.network = "user"`: a virtio-net NIC on QEMU's user networking (slirp: the guest is
 * 10.0.2.15, the host 10.0.2.2, DNS 10.0.2.3; outgoing connections only). `virtio-net` is
 * QEMU's alias for the arch's transport (PCI, or CCW on s390x). On PCI, `romfile=` drops the
 * PXE option ROM: nothing here boots from the network, and a tool-cache QEMU need not ship it.
 */
function userNetwork(target) {
    const device = target.arch === 's390x' ? 'virtio-net,netdev=net0' : 'virtio-net-pci,netdev=net0,romfile=';
    return ['-netdev', 'user,id=net0', '-device', device];
}

;// CONCATENATED MODULE: ./.build/src/qemu/image-format.js
// Disk image format by magic bytes, the way QEMU probes it, so the drive can say `format=`:
// that silences QEMU's "probing guessed raw" warning and stops a raw image that happens to
// start with another format's magic from being misread. Reads only the first sector.


const HEADER_BYTES = 512;
/** Format of the image file at `path`. Anything without a known header is raw. */
function detectImageFormat(path) {
    let header;
    try {
        header = readHeader(path);
    }
    catch (err) {
        throw new ImageFormatError(path, `cannot read the image: ${err.message}`);
    }
    return imageFormatOf(header, path);
}
/** Format from the first bytes of an image (`path` only names the file in errors). */
function imageFormatOf(header, path = '<image>') {
    const ascii = (start, text) => header.length >= start + text.length && header.toString('latin1', start, start + text.length) === text;
    if (ascii(0, 'QFI\xfb')) {
        // qcow2 versions 2 and 3 share the magic with the original qcow (version 1).
        const version = header.length >= 8 ? header.readUInt32BE(4) : 0;
        return version === 1 ? 'qcow' : 'qcow2';
    }
    if (ascii(0, 'QED\0'))
        return 'qed';
    if (ascii(0, 'vhdxfile'))
        return 'vhdx';
    if (ascii(0, 'conectix'))
        return 'vpc'; // dynamic VHD; fixed VHDs are raw plus a footer
    // Sparse extents (KDMV), VMware 3 (COWD), or a text descriptor naming the extents.
    if (ascii(0, 'KDMV') || ascii(0, 'COWD') || ascii(0, '# Disk DescriptorFile'))
        return 'vmdk';
    if (header.length >= 0x44 && header.readUInt32LE(0x40) === 0xbeda107f)
        return 'vdi';
    if (ascii(0, 'LUKS\xba\xbe')) {
        throw new ImageFormatError(path, 'is a LUKS-encrypted image; vmtest cannot supply its key (decrypt it first)');
    }
    return 'raw';
}
function readHeader(path) {
    const fd = (0,external_node_fs_namespaceObject.openSync)(path, 'r');
    try {
        const buf = Buffer.alloc(HEADER_BYTES);
        let got = 0;
        // readSync may return short counts; loop until the sector is full or the file ends.
        while (got < HEADER_BYTES) {
            const n = (0,external_node_fs_namespaceObject.readSync)(fd, buf, got, HEADER_BYTES - got, got);
            if (n === 0)
                break;
            got += n;
        }
        return buf.subarray(0, got);
    }
    finally {
        (0,external_node_fs_namespaceObject.closeSync)(fd);
    }
}

;// CONCATENATED MODULE: ./.build/src/qemu/firmware.js


/** Distro firmware paths for `arch` on the system, in the order they are tried. */
function uefiFirmwareCandidates(arch) {
    return archFacts(arch).uefi.map((c) => `/${c.code}`);
}
/** `vm.bios` when set, else the firmware setup resolved for the target's arch. */
function resolveUefiFirmware(target, resolved) {
    // An explicit bios is the user's choice; the config loader checks that the file exists.
    if (target.vm.bios)
        return target.vm.bios;
    if (resolved)
        return resolved.code;
    throw new FirmwareNotFoundError(target.name, target.arch, uefiFirmwareCandidates(target.arch), archFacts(target.arch).uefiHint);
}

;// CONCATENATED MODULE: ./.build/src/util/which.js
// Where a program is, the way execvp would find it (plus optional extra folders: Debian puts
// qemu-ga in /usr/sbin, outside a normal user's PATH). Shared by the QEMU spawn and setup.


function isExecutable(file) {
    try {
        if (!(0,external_node_fs_namespaceObject.statSync)(file).isFile())
            return false;
        (0,external_node_fs_namespaceObject.accessSync)(file, external_node_fs_namespaceObject.constants.X_OK);
        return true;
    }
    catch {
        return false;
    }
}
/** Absolute path of `program` (a name looked up in `pathEnv`, or a path), or undefined. */
function findProgram(program, pathEnv = process.env.PATH ?? '', extraDirs = []) {
    if ((0,external_node_path_namespaceObject.isAbsolute)(program) || program.includes('/'))
        return isExecutable(program) ? (0,external_node_path_namespaceObject.resolve)(program) : undefined;
    for (const dir of [...pathEnv.split(external_node_path_namespaceObject.delimiter).filter(Boolean), ...extraDirs]) {
        const candidate = (0,external_node_path_namespaceObject.join)(dir, program);
        if (isExecutable(candidate))
            return candidate;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./.build/src/platform/virtiofs.js
// Where the host's virtiofsd lives and how each implementation is started, for
// `shared_fs = "virtiofs"`. Two daemons are in the wild with different command lines:
//  - QEMU's C daemon (QEMU ≤ 7.2; Debian 12 and Ubuntu 22.04 ship it in qemu-system-common
//    at /usr/lib/qemu/virtiofsd): `-o source=…` options, no read-only switch;
//  - the Rust daemon (the `virtiofsd` package of Debian 13 / Ubuntu 24.04, at
//    /usr/libexec/virtiofsd): `--shared-dir`, and `--readonly` from version 1.11 on.
// Pure: the caller runs the program (`--help`) and hands its text in.

/** The first of these that exists is used (after $VMTEST_VIRTIOFSD and `virtiofsd` on PATH). */
const VIRTIOFSD_PATHS = ['/usr/libexec/virtiofsd', '/usr/lib/virtiofsd', '/usr/lib/qemu/virtiofsd'];
/** Packages that carry a virtiofsd, newest layout first: apt installs the first it knows. */
const VIRTIOFSD_PACKAGES = (/* unused pure expression or super */ null && (['virtiofsd', 'qemu-system-common']));
/** Kernel options a guest needs to mount virtiofs (named in errors). */
const VIRTIOFS_KCONFIG = 'CONFIG_VIRTIO_FS and CONFIG_FUSE_FS';
/** The daemon to use: $VMTEST_VIRTIOFSD when set (a path), else PATH, else the distro paths. */
function findVirtiofsd(env, which, exists = external_node_fs_namespaceObject.existsSync) {
    const own = env.VMTEST_VIRTIOFSD;
    if (own)
        return own;
    return which('virtiofsd') ?? VIRTIOFSD_PATHS.find((p) => exists(p));
}
/** Which implementation printed this `--help`; undefined for neither. */
function virtiofsdInfo(helpText) {
    if (helpText.includes('--shared-dir'))
        return { flavour: 'rust', readonlyFlag: /--readonly\b/.test(helpText) };
    if (helpText.includes('source=PATH'))
        return { flavour: 'c', readonlyFlag: false };
    return undefined;
}
/**
 * The daemon's command line. Defaults chosen for a test VM that trusts its guest no more
 * than 9p's `security_model=none` does: `cache=auto` (close-to-open, as 9p users expect
 * when the host edits files between runs), no xattrs (so no security.* passthrough),
 * submounts announced so inode numbers of different host filesystems never collide (9p's
 * `multidevs=remap`). The sandbox stays the daemon's default (a mount namespace pivoted
 * into the shared folder) when we are root; without root the Rust daemon runs unsandboxed
 * (a user namespace is often forbidden, e.g. by Ubuntu 24.04's AppArmor) and the C daemon,
 * which cannot run without privileges, in a user namespace of its own. The host root itself
 * is served from a chroot: the namespace sandbox pivots into the shared folder, which fails
 * (EBUSY) for `/` where `/` is the initial rootfs, and would confine nothing there anyway.
 *
 * A read-only share: the Rust daemon's `--readonly`; the C daemon has no such switch, so it
 * starts in a private mount namespace where the folder is first bind-mounted read-only over
 * itself: the kernel then refuses every write, whatever the guest asks.
 */
function virtiofsdCommand(daemon, info, share, asRoot) {
    if (info.flavour === 'rust') {
        const args = [
            '--shared-dir',
            share.source,
            '--socket-path',
            share.socket,
            '--cache',
            'auto',
            '--log-level',
            'error',
        ];
        if (share.readonly)
            args.push('--readonly');
        if (!asRoot)
            args.push('--sandbox', 'none');
        else if (share.source === '/')
            args.push('--sandbox', 'chroot');
        return { argv: [daemon, ...args] };
    }
    const args = [
        `--socket-path=${share.socket}`,
        '-o',
        `source=${share.source}`,
        '-o',
        'cache=auto',
        '-o',
        'no_xattr',
        '-o',
        'announce_submounts',
        '-o',
        'log_level=err',
    ];
    if (share.source === '/')
        args.push('-o', 'sandbox=chroot');
    if (!share.readonly && asRoot)
        return { argv: [daemon, ...args] };
    // unshare without --fork execs: the daemon keeps the PID we started.
    const unshare = [
        'unshare',
        ...(asRoot ? [] : ['--user', '--map-root-user']),
        '--mount',
        '--propagation',
        'private',
        '--',
    ];
    if (!share.readonly)
        return { argv: [...unshare, daemon, ...args] };
    const bindReadonly = 'mount --bind -o ro "$0" "$0" && exec "$@"';
    return { argv: [...unshare, '/bin/sh', '-c', bindReadonly, share.source, daemon, ...args] };
}
/** Why a read-only share cannot be served read-only by this daemon, or undefined when it can. */
function readonlyProblem(info, daemon) {
    if (info.flavour === 'c' || info.readonlyFlag)
        return undefined;
    return `${daemon} has no --readonly option (virtiofsd 1.11 or later has it), so it cannot keep a read-only share read-only; install a newer virtiofsd or use shared_fs = "9p"`;
}

;// CONCATENATED MODULE: ./.build/src/platform/host-tools.js
// The programs and firmware a run needs, found on the system: QEMU per arch, qemu-ga, a
// static busybox, qemu-img and UEFI firmware. Setup probes the host with this before deciding
// what to install, and a run without a setup step (the CLI, tests) takes its HostSetup from
// here, so both see the same files in the same order.






/** sbin folders are searched too: Debian puts qemu-ga in /usr/sbin, which is not in a normal
 *  user's PATH. */
const SBIN_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];
function whichProgram(name, envPath = process.env.PATH ?? '') {
    return findProgram(name, envPath, SBIN_DIRS);
}
/** Where a static busybox may be besides PATH (busybox-static installs /bin/busybox). */
const BUSYBOX_PATHS = ['/bin/busybox', '/usr/bin/busybox'];
/** True for an ELF executable without a PT_INTERP program header (statically linked). */
function isStaticElfFile(file) {
    let fd;
    try {
        fd = (0,external_node_fs_namespaceObject.openSync)(file, 'r');
        // Program headers follow the ELF header closely; 64 KiB holds them for any real binary.
        const head = Buffer.alloc(64 * 1024);
        const n = (0,external_node_fs_namespaceObject.readSync)(fd, head, 0, head.length, 0);
        return readElfInfo(head.subarray(0, n))?.isStatic ?? false;
    }
    catch {
        return false;
    }
    finally {
        if (fd !== undefined)
            (0,external_node_fs_namespaceObject.closeSync)(fd);
    }
}
/** The first of `arch`'s UEFI firmware files under `root` (`/` or a bundle), with its VARS
 *  template when that exists too. */
function findUefiFirmware(arch, root, exists = external_node_fs_namespaceObject.existsSync) {
    for (const c of archFacts(arch).uefi) {
        const code = external_node_path_namespaceObject.join(root, c.code);
        if (!exists(code))
            continue;
        const vars = c.vars !== undefined ? external_node_path_namespaceObject.join(root, c.vars) : undefined;
        return vars !== undefined && exists(vars) ? { code, vars } : { code };
    }
    return undefined;
}
/** Everything `needs` names that the system has, as a HostSetup (no extra environment). */
function findSystemTools(needs, lookup = {}) {
    const which = lookup.which ?? ((n) => whichProgram(n));
    const exists = lookup.exists ?? external_node_fs_namespaceObject.existsSync;
    const isStatic = lookup.isStatic ?? isStaticElfFile;
    const found = { qemuPaths: {}, env: {}, uefiFirmware: {} };
    for (const arch of needs.arches) {
        const p = which(archFacts(arch).program);
        if (p)
            found.qemuPaths[arch] = p;
    }
    if (needs.guestAgent) {
        const p = which('qemu-ga');
        if (p)
            found.guestAgent = { path: p, env: {} };
    }
    if (needs.busybox)
        found.busybox = [which('busybox'), ...BUSYBOX_PATHS].find((p) => p !== undefined && exists(p) && isStatic(p));
    if (needs.qemuImg) {
        const p = which('qemu-img');
        if (p)
            found.qemuImg = { path: p, env: {} };
    }
    if (needs.virtiofsd) {
        const p = findVirtiofsd(process.env, which, exists);
        if (p)
            found.virtiofsd = { path: p, env: {} };
    }
    for (const arch of needs.uefi ?? []) {
        const fw = findUefiFirmware(arch, '/', exists);
        if (fw)
            found.uefiFirmware[arch] = fw;
    }
    return found;
}
/** The HostSetup of a run without a setup step: the system's tools for `arches`. */
function systemHostSetup(arches) {
    return findSystemTools({ arches, guestAgent: true, busybox: true, qemuImg: true, uefi: arches, virtiofsd: true });
}

;// CONCATENATED MODULE: ./.build/src/engine/plan-json.js
// `vmtest --plan`: what would run, as JSON, without booting anything. The QEMU argv is the
// one buildQemuArgv makes for the run, with the per-run temporary paths (sockets, init
// script, generated initramfs) shown as `<tmp>/…` placeholders.




const PLAN_SOCKETS = { qmp: '<tmp>/qmp.sock', qga: '<tmp>/qga.sock', output: '<tmp>/output.sock' };
const PLAN_INIT_PATH = '<tmp>/vmtest-init.sh';
const PLAN_INITRAMFS_PATH = '<tmp>/initramfs.cpio';
function planJson(plan, opts = {}) {
    const accelFor = (t) => {
        const a = opts.accelFor?.(t) ?? 'tcg';
        return typeof a === 'string' ? { accel: a, fallback: null, note: a } : a;
    };
    const imageFormatFor = opts.imageFormatFor ?? tryDetectImageFormat;
    const firmwareFor = opts.firmwareFor ?? ((t) => tryResolveFirmware(t, opts.setup ?? systemHostSetup([t.arch])));
    const initramfsFor = opts.initramfsFor ?? (() => (plan.options.initramfs === 'on' ? PLAN_INITRAMFS_PATH : undefined));
    const targets = plan.targets.map((t) => {
        const planned = accelFor(t);
        const accel = planned.accel;
        const isImage = t.kind === 'image';
        const qemu = buildQemuArgv(t, {
            accel,
            sockets: PLAN_SOCKETS,
            initGuestPath: isImage ? undefined : PLAN_INIT_PATH,
            initramfs: isImage ? undefined : initramfsFor(t),
            imageFormat: isImage ? imageFormatFor(t) : undefined,
            firmware: isImage && t.uefi ? firmwareFor(t) : undefined,
            writeImage: plan.options.writeImage,
            workspaceMount: plan.options.workspaceMount,
        });
        return {
            name: t.name,
            kind: t.kind,
            arch: t.arch,
            kernel: t.kernel ?? null,
            image: t.image ?? null,
            uefi: t.uefi,
            kernelArgs: isImage ? null : (t.kernelArgs ?? null),
            rootfs: isImage ? null : t.rootfs,
            command: t.command,
            accel,
            accelMode: plan.options.accel,
            accelFallback: planned.fallback,
            accelNote: planned.note,
            qemu,
        };
    });
    return { targets };
}
function tryDetectImageFormat(t) {
    try {
        return t.image ? detectImageFormat(t.image) : undefined;
    }
    catch {
        return undefined;
    }
}
function tryResolveFirmware(t, setup) {
    try {
        return resolveUefiFirmware(t, setup.uefiFirmware[t.arch]);
    }
    catch {
        return '<no UEFI firmware found>';
    }
}

;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: ./.build/src/platform/kvm.js
// Whether /dev/kvm is usable by this process: an actual read-write open, because "exists" is
// not "works" (upstream only checks existence). Read by the accel choice (vm/) and by setup's
// udev fix (setup/), so it lives below both.

const defaultOpen = (p, flags) => promises_namespaceObject.open(p, flags);
const KVM_DEVICE = '/dev/kvm';
const errCode = (err) => typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
async function kvmUsable(opts = {}) {
    const device = opts.device ?? KVM_DEVICE;
    let mode = '';
    try {
        const st = await promises_namespaceObject.stat(device);
        mode = ` (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}, uid ${st.uid}, gid ${st.gid})`;
    }
    catch (err) {
        if (errCode(err) === 'ENOENT')
            return { usable: false, reason: `${device} does not exist (no hardware virtualisation here): TCG will be used` };
        return { usable: false, reason: `cannot stat ${device}: ${err.message}` };
    }
    try {
        const handle = await (opts.open ?? defaultOpen)(device, 'r+');
        await handle.close();
        return { usable: true, reason: `${device} opens read-write` };
    }
    catch (err) {
        const who = typeof process.getuid === 'function' ? `uid ${process.getuid()}` : 'this user';
        return {
            usable: false,
            reason: `${device} exists but ${who} cannot open it read-write${mode}: ${errCode(err) ?? err.message}`,
        };
    }
}

;// CONCATENATED MODULE: ./.build/src/vm/accel.js


class AccelError extends Error {
    constructor(message) {
        super(message);
        this.name = 'AccelError';
    }
}
let kvmBroken;
/** Remember for this process that KVM does not work, and why. */
function markKvmBroken(reason) {
    kvmBroken = reason;
}
async function chooseAccel(arch, mode, opts = {}) {
    if (mode === 'tcg')
        return { accel: 'tcg', reason: 'accel: tcg was requested', probation: false };
    const host = hostArch();
    if (arch !== host) {
        if (mode === 'kvm')
            throw new AccelError(`accel: kvm, but the target arch ${arch} is not the host arch ${host ?? 'unknown'}: KVM only runs guests of the host's own arch`);
        return { accel: 'tcg', reason: `${arch} guest on a ${host ?? 'unknown'} host: KVM cannot run it`, probation: false };
    }
    const kvm = await kvmUsable({ device: opts.device });
    if (!kvm.usable) {
        if (mode === 'kvm')
            throw new AccelError(`accel: kvm, but KVM is not usable: ${kvm.reason}`);
        return { accel: 'tcg', reason: kvm.reason, probation: false };
    }
    if (mode === 'kvm')
        return { accel: 'kvm', reason: 'accel: kvm was requested and /dev/kvm opens read-write', probation: false };
    if (kvmBroken)
        return { accel: 'tcg', reason: kvmBroken, probation: false };
    return { accel: 'kvm', reason: '/dev/kvm opens read-write', probation: true };
}

;// CONCATENATED MODULE: ./.build/src/engine/accel-plan.js

async function plannedAccel(plan, opts = {}) {
    const byTarget = new Map();
    for (const t of plan.targets)
        byTarget.set(t, await planOne(t, plan, opts.device));
    return (t) => byTarget.get(t) ?? { accel: 'tcg', fallback: null, note: 'tcg' };
}
async function planOne(t, plan, device) {
    try {
        const c = await chooseAccel(t.arch, plan.options.accel, { device });
        if (c.probation)
            return {
                accel: 'kvm',
                fallback: 'tcg',
                note: `kvm if it works, else tcg (${c.reason}; only a boot shows that KVM works)`,
            };
        return { accel: c.accel, fallback: null, note: `${c.accel} (${c.reason})` };
    }
    catch (e) {
        // accel: kvm on a host without KVM is the boot's error to report; the plan shows intent.
        if (!(e instanceof AccelError))
            throw e;
        return { accel: 'kvm', fallback: null, note: `kvm, which will fail: ${e.message}` };
    }
}

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./.build/src/vm/guest-env.js
// What of the host a guest gets. The environment of a kernel target's command: the host's,
// as upstream does, minus the runner's secrets and command files (the guest runs untrusted
// kernels and test code; the tokens would let it talk to GitHub as the workflow, the files
// let it change later steps; `env_pass` lets one through); QEMU's own environment,
// minus the same; and which `vm.mounts` reach outside the workspace.


const DEFAULT_WITHHELD = [
    'ACTIONS_RUNTIME_TOKEN',
    'ACTIONS_RUNTIME_URL',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    'ACTIONS_ID_TOKEN_REQUEST_URL',
    'ACTIONS_CACHE_URL',
    'ACTIONS_RESULTS_URL',
    'GITHUB_TOKEN',
    // The gh CLI's token, often set from a secret for a whole job.
    'GH_TOKEN',
    // The runner's command files: whatever is appended to them sets variables, PATH entries,
    // outputs, state and the summary of later steps. A guest must not learn where they are.
    'GITHUB_ENV',
    'GITHUB_PATH',
    'GITHUB_OUTPUT',
    'GITHUB_STATE',
    'GITHUB_STEP_SUMMARY',
];
/** Inputs of this action (INPUT_*) are for the action, and may carry tokens too. */
const WITHHELD_PREFIXES = ['INPUT_'];
function withheldTest(opts) {
    const pass = new Set(opts.pass ?? []);
    const withhold = new Set([...DEFAULT_WITHHELD, ...(opts.withhold ?? [])]);
    return (key) => (withhold.has(key) || WITHHELD_PREFIXES.some((p) => key.startsWith(p))) && !pass.has(key);
}
function guestEnvironment(env, opts = {}) {
    const withheld = withheldTest(opts);
    const out = [];
    for (const [key, value] of Object.entries(env)) {
        if (value === undefined || withheld(key))
            continue;
        out.push(`${key}=${value}`);
    }
    return out;
}
/**
 * The environment QEMU itself is started with: the host's minus the same secrets. QEMU needs
 * none of them, and with the host root shared a guest can read QEMU's /proc/<pid>/environ
 * through it (it is QEMU that serves the 9p files).
 */
function qemuEnvironment(env, opts = {}) {
    const withheld = withheldTest(opts);
    return Object.fromEntries(Object.entries(env).filter(([key, value]) => value !== undefined && !withheld(key)));
}
/**
 * `vm.mounts` entries whose host folder lies outside every one of `workspaces` (symlinks
 * resolved on both sides). They are allowed, but a run says so: the guest then reads, or
 * writes, host files the repository does not own.
 */
function mountsOutside(mounts, workspaces) {
    const roots = workspaces.map(real);
    return mounts.filter((m) => {
        const host = real(m.hostPath);
        return !roots.some((root) => host === root || host.startsWith(root.endsWith(external_node_path_namespaceObject.sep) ? root : root + external_node_path_namespaceObject.sep));
    });
}
function real(p) {
    try {
        return external_node_fs_namespaceObject.realpathSync.native(p);
    }
    catch {
        return (0,external_node_path_namespaceObject.resolve)(p);
    }
}

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ./.build/src/plan/interactive.js
// vmtest's `-` command: no command at all, but a login shell on the guest's console, attached
// to the user's terminal. Kernel targets only (upstream: an image's console is the image's
// own business), and only where there is a terminal: the CLI.
const INTERACTIVE_COMMAND = '-';
/** Whether the target asks for the interactive shell. */
function isInteractive(target) {
    return target.command === INTERACTIVE_COMMAND && target.kind === 'kernel';
}
/** Why `-` cannot be honoured for this target, or undefined when it can (or is not asked). */
function interactiveProblem(target, haveTerminal) {
    if (target.command !== INTERACTIVE_COMMAND)
        return undefined;
    if (target.kind === 'image')
        return `target "${target.name}": the interactive shell (\`-\` as the command) is for kernel targets; an image's console belongs to the image`;
    if (!haveTerminal)
        return `target "${target.name}": the interactive shell (\`-\` as the command) needs a terminal: run it with the vmtest CLI`;
    return undefined;
}

;// CONCATENATED MODULE: ./.build/src/guest/markers.js
// The words our guest scripts say when they give up, in one place: the scripts in templates/
// print them, and the host's console watch (src/analysis/console-watch.ts) and the image
// mount step look for them. A change here must change the scripts, and the other way round.
/** templates/init.sh `fatal` (on the console) and templates/mount.sh (on stderr), followed by
 *  the reason, just before the init powers the VM off or the mount script exits. */
const INIT_FATAL_MARKER = 'vmtest: FATAL:';
/** templates/initramfs-init.sh `fail`, followed by the reason, before it powers the VM off:
 *  the host treats it like a kernel panic (fail at once, show the console tail). */
const INITRAMFS_FATAL_MARKER = 'vmtest-initramfs: FATAL:';

;// CONCATENATED MODULE: ./.build/src/util/char-codes.js
// The ASCII codes that the byte and UTF-16 scanners compare against (the JSON framer on the
// QMP / guest-agent sockets, the text cleaner), named once. They are the same in both units.
const CHAR = {
    tab: 0x09,
    lf: 0x0a,
    cr: 0x0d,
    space: 0x20,
    quote: 0x22,
    openBracket: 0x5b,
    backslash: 0x5c,
    closeBracket: 0x5d,
    openBrace: 0x7b,
    closeBrace: 0x7d,
};

;// CONCATENATED MODULE: ./.build/src/analysis/text.js
// Small text helpers shared by the engine and the reporters. Guest and kernel output is
// untrusted text: it can carry ANSI escapes, carriage returns and other control characters
// that would corrupt a terminal window, a markdown table or a log line. Everything here is
// pure and linear in the length of its input.

/**
 * How much of a line the pattern matchers look at (TAP, splats, console verdicts). What they
 * look for starts a line and is short; a guest line can be up to a megabyte
 * (analysis/lines.ts MAX_LINE_BYTES), and the event loop must never spend long on one.
 */
const MAX_MATCH_CHARS = 4096;
/** The part of a line the matchers look at: its first MAX_MATCH_CHARS characters. */
function text_forMatching(line) {
    return line.length > MAX_MATCH_CHARS ? line.slice(0, MAX_MATCH_CHARS) : line;
}
// CSI (ESC [ … final byte), OSC (ESC ] … BEL or ESC \), and the two-character escapes.
// eslint-disable-next-line no-control-regex
const ANSI_RE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]/g;
/** Removes ANSI escape sequences (colours, cursor movement, OSC titles). */
function stripAnsi(text) {
    return text.replace(ANSI_RE, '');
}
/**
 * One line of untrusted output made safe to show as a single line: no ANSI, no trailing
 * whitespace, tabs expanded, other control characters (CR included) dropped.
 */
function text_cleanLine(line) {
    return scrub(stripAnsi(line), 'line').trimEnd();
}
/** Untrusted text squeezed onto one line (for titles and table cells): newlines become spaces. */
function oneLine(text) {
    return scrub(stripAnsi(text), 'one-line').trim();
}
const { tab: TAB, lf: LF, cr: CR, space: SPACE } = CHAR;
const TAB_WIDTH = 8;
/** What the cleaners drop: C0 controls other than tab and newline, DEL, and the C1 range. */
function isDropped(c) {
    return c < 0x09 || (c > 0x0a && c < 0x20) || (c >= 0x7f && c <= 0x9f);
}
/**
 * The character pass of cleanLine and oneLine, in one buffer: control characters dropped
 * (isDropped), and then
 * - 'line': tabs expanded to 8-column stops (columns counted in UTF-16 units);
 * - 'one-line': tabs and line breaks (CRLF, CR, LF) each become one space.
 * Two passes over the characters into one UTF-16LE buffer: a line of a million tabs or
 * control characters costs a few million steps, where a regular expression replace or a
 * string rebuilt per character took seconds.
 */
function scrub(text, mode) {
    const oneLineMode = mode === 'one-line';
    let outLength = 0;
    let changed = false;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === TAB) {
            outLength += oneLineMode ? 1 : TAB_WIDTH - (outLength % TAB_WIDTH);
            changed = true;
        }
        else if (oneLineMode && (c === LF || c === CR)) {
            if (c === CR && text.charCodeAt(i + 1) === LF)
                i++;
            outLength++;
            changed = true;
        }
        else if (isDropped(c))
            changed = true;
        else
            outLength++;
    }
    if (!changed)
        return text;
    const out = Buffer.allocUnsafe(outLength * 2);
    let o = 0;
    for (let i = 0; i < text.length; i++) {
        let c = text.charCodeAt(i);
        if (c === TAB) {
            for (let pad = oneLineMode ? 1 : TAB_WIDTH - (o % TAB_WIDTH); pad > 0; pad--) {
                out[2 * o] = SPACE;
                out[2 * o + 1] = 0;
                o++;
            }
            continue;
        }
        if (oneLineMode && (c === LF || c === CR)) {
            if (c === CR && text.charCodeAt(i + 1) === LF)
                i++;
            c = SPACE;
        }
        else if (isDropped(c))
            continue;
        out[2 * o] = c & 0xff;
        out[2 * o + 1] = c >> 8;
        o++;
    }
    // Node copies UTF-16LE units as they are: lone surrogates survive, as in the input.
    return out.toString('utf16le');
}
/** Cuts a string to at most `max` characters, marking the cut with an ellipsis. */
function truncate(text, max) {
    if (text.length <= max)
        return text;
    if (max <= 1)
        return text.slice(0, max);
    return text.slice(0, max - 1) + '…';
}
/** Splits multi-line text (error messages) into lines, dropping a final empty line. */
function splitLines(text) {
    const lines = text.split(/\r\n|\r|\n/);
    if (lines.length > 1 && lines[lines.length - 1] === '')
        lines.pop();
    return lines;
}
/** Human duration: `0.4s`, `12.3s`, `2m05s`, `1h02m03s`. */
function formatSeconds(seconds) {
    if (!Number.isFinite(seconds) || seconds < 0)
        return '?';
    if (seconds < 60)
        return `${seconds.toFixed(1)}s`;
    const total = Math.round(seconds);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    const mm = String(m).padStart(2, '0');
    const ss = String(s).padStart(2, '0');
    return h > 0 ? `${h}h${mm}m${ss}s` : `${m}m${ss}s`;
}

;// CONCATENATED MODULE: ./.build/src/analysis/console-watch.js



/** The kernel's panic headline (kernel/panic.c), which splats and the console watch share. */
const KERNEL_PANIC = 'Kernel panic - not syncing';
// SeaBIOS's last word when no boot device worked (e.g. a UEFI-only image booted without
// `uefi = true`); it then waits forever. Its earlier "Boot failed: ..." lines are not final:
// another disk (from vm.extra_args) may still boot, and when none does this line follows.
const BIOS_NO_BOOT = /No bootable device/;
const BIOS_ATTEMPT_FAILED = /^Boot failed: (?!please change disks)/;
const BIOS_HANDOFF = /^Booting from [^.]{1,40}\.\.\./;
// The same line left unfinished: the code SeaBIOS starts can stop the serial port before the
// line's last characters have left it (an MBR of zeros running wild did, under load: the
// console ended at "Booting from Hard Disk.." for good). The UART's 16-byte FIFO can hold
// back most of "from Hard Disk...\r\n", so any start from "Booting" on counts.
const BIOS_HANDOFF_WORDS = 'Booting from ';
const BIOS_HANDOFF_SHORTEST = 'Booting'.length;
const BIOS_CHATTER = /^(?:SeaBIOS \(version|iPXE|Press ESC for boot menu|Select boot device|Machine UUID)/;
// EDK2 (OVMF, AAVMF) when no boot option loads (e.g. a BIOS-only image with `uefi = true`):
// builds with a shell start it ("EFI Internal Shell", then sit at `Shell>`), builds without
// one say so. Either way nothing will boot without someone at the keyboard. A failed option
// is not final (the next one may boot); one that starts is a program found on the disk.
const UEFI_NO_BOOT = /No bootable option|BdsDxe: starting Boot[0-9A-F]{4} "EFI Internal Shell"|UEFI Interactive Shell v\d/;
const UEFI_ATTEMPT_FAILED = /^BdsDxe: failed to load Boot[0-9A-F]{4}/;
const UEFI_HANDOFF = /^BdsDxe: starting Boot[0-9A-F]{4}/;
const UEFI_CHATTER = /^(?:BdsDxe: |>>|PXE-|Station IP address|Press ESC in \d)/;
// What the code on a disk says when it cannot go on, and then waits for a key or spins:
// MBRs (DOS/Windows, SYSLINUX's mbr.bin), FAT and NTFS boot sectors, Windows' loaders,
// SYSLINUX, and GRUB dropped to its rescue shell or its bare command line.
const DISK_GAVE_UP = new RegExp([
    'Missing operating system',
    'Operating system not found',
    "An operating system wasn't found",
    'Invalid partition table',
    'Error loading operating system',
    'not a bootable disk',
    'Non-system disk or disk error',
    'BOOTMGR is (?:missing|compressed)',
    'NTLDR is missing',
    'Failed to load ldlinux\\.c32',
    'please change disks and press a key to continue',
    'Entering rescue mode',
    'grub rescue>',
    'Minimal BASH-like line editing is supported',
].join('|'), 'i');
// GRUB errors that lead to its rescue shell (which then says so): worth naming with it.
const DISK_ATTEMPT_FAILED = /^error: (?:no such partition|unknown filesystem)/;
// The kernel's last words on a halt or power-off (kernel/reboot.c).
const HALTED = /^(?:\[\s*\d+\.\d+\] )?reboot: (?:System halted|Power down)\s*$/;
// The kernel proper printing (not just the decompressor): timestamps or the banner.
const KERNEL_ALIVE = /Linux version \d|Booting Linux on|^\[\s*\d+\.\d+\] /;
// Firmware paints the screen: cursor moves, colours, resets (ESC c).
const ESC = String.fromCharCode(0x1b);
const TERMINAL_CONTROL = new RegExp(`${ESC}\\[[0-9;?=]*[A-Za-z]|${ESC}[c()][0-9A-Za-z]?`, 'g');
/** What one console line means for the boot; only its first MAX_MATCH_CHARS are looked at. */
function classifyConsoleLine(raw) {
    const line = text_forMatching(raw);
    if (isPanicLine(line))
        return { kind: 'panic', line: line.trim() };
    const reason = initFatalReason(line);
    if (reason !== undefined)
        return { kind: 'init-failed', reason };
    if (HALTED.test(line))
        return { kind: 'halted' };
    if (KERNEL_ALIVE.test(line))
        return { kind: 'kernel-alive' };
    return classifyBootLine(plain(line));
}
/**
 * What an unfinished console line (the console idle on it: a prompt, or output cut short)
 * means for the boot: boot code giving up (its prompt ends without a newline) or SeaBIOS's
 * hand-over, whole or cut short. Nothing else: a firmware line seen half-way would be
 * reported cut, and is delivered again when it ends.
 */
function classifyUnfinishedLine(raw) {
    const verdict = classifyConsoleLine(raw);
    if (verdict?.kind === 'no-boot-device' && verdict.firmware === 'disk')
        return verdict;
    const text = plain(text_forMatching(raw));
    const handoff = text.startsWith(BIOS_HANDOFF_WORDS)
        ? text.length > BIOS_HANDOFF_WORDS.length
        : text.length >= BIOS_HANDOFF_SHORTEST && BIOS_HANDOFF_WORDS.startsWith(text);
    if (handoff)
        return { kind: 'firmware-handoff', line: text, firmware: 'bios' };
    return undefined;
}
/** Firmware and boot loader lines, terminal control already removed. */
function classifyBootLine(text) {
    if (text === '')
        return { kind: 'firmware' };
    if (BIOS_NO_BOOT.test(text))
        return { kind: 'no-boot-device', line: text, firmware: 'bios' };
    if (UEFI_NO_BOOT.test(text))
        return { kind: 'no-boot-device', line: withoutDevicePath(text), firmware: 'uefi' };
    // Before the disks' words: SeaBIOS says "Boot failed: not a bootable disk" of a disk
    // without a boot signature, and then tries the next one.
    if (BIOS_ATTEMPT_FAILED.test(text))
        return { kind: 'boot-attempt-failed', line: text, firmware: 'bios' };
    if (DISK_GAVE_UP.test(text))
        return { kind: 'no-boot-device', line: text, firmware: 'disk' };
    if (UEFI_ATTEMPT_FAILED.test(text))
        return { kind: 'boot-attempt-failed', line: text, firmware: 'uefi' };
    if (DISK_ATTEMPT_FAILED.test(text))
        return { kind: 'boot-attempt-failed', line: text, firmware: 'disk' };
    if (BIOS_HANDOFF.test(text))
        return { kind: 'firmware-handoff', line: text, firmware: 'bios' };
    if (UEFI_HANDOFF.test(text))
        return { kind: 'firmware-handoff', line: withoutDevicePath(text), firmware: 'uefi' };
    if (BIOS_CHATTER.test(text) || UEFI_CHATTER.test(text))
        return { kind: 'firmware' };
    return undefined;
}
/** A kernel panic, or our initramfs giving up (which ends the boot the same way). */
function isPanicLine(line) {
    const l = text_forMatching(line);
    return l.includes(KERNEL_PANIC) || l.includes(INITRAMFS_FATAL_MARKER);
}
/**
 * What our init (or mount script) said after `vmtest: FATAL:` in `text` — a console line or
 * a script's whole stderr — or undefined when it did not say it. The marker must start a line
 * or follow whitespace or the `]` of a printk timestamp (`my-vmtest: FATAL:` is not ours);
 * the reason runs to the end of its line, trailing whitespace dropped.
 */
function initFatalReason(text) {
    const marker = `${INIT_FATAL_MARKER} `;
    for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
        const before = at === 0 ? '' : text[at - 1];
        if (before !== '' && before !== ']' && before.trim() !== '')
            continue;
        const from = at + marker.length;
        const end = lineEnd(text, from);
        const reason = text.slice(from, end).trimEnd();
        if (from < end)
            return reason;
    }
    return undefined;
}
/** Where the line that `from` is in ends: at a newline or a carriage return (CRLF). */
function lineEnd(text, from) {
    for (let i = from; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x0a || c === 0x0d)
            return i;
    }
    return text.length;
}
/** OVMF names the boot option's device path after ` from `: noise in a message (and where
 *  a slow host made the firmware drop characters, the garbled part). */
function withoutDevicePath(line) {
    const at = line.indexOf(' from ');
    return at >= 0 ? line.slice(0, at) : line;
}
/** The target's error for a no-boot-device verdict, with the likely fix; `earlier`: a
 *  not-final failure seen before it (e.g. SeaBIOS's "Boot failed: ..."), if any. */
function noBootMessage(verdict, target, earlier) {
    const said = verdict.firmware === 'disk'
        ? `the disk did not boot: its boot code says "${verdict.line}"`
        : `the firmware found nothing to boot: "${verdict.line}"`;
    const before = earlier && earlier !== verdict.line ? ` (before that: "${earlier}")` : '';
    return `${said}${before}${bootHint(verdict.firmware, target)}`;
}
/**
 * The target's error when the boot stalled in silence (HandoffWatch, then the VM's own
 * checks): `blame` is the firmware's last word, `seconds` how long nothing followed.
 */
function stalledBootMessage(blame, seconds, target, silent = true) {
    const then = blame.lastWords ? `, then "${blame.lastWords}",` : '';
    const started = `the boot stalled: the firmware started the disk's boot code ("${blame.line}")${then}`;
    const said = blame.failed
        ? `the firmware could not boot the disk: "${blame.line}"${then || ','} and nothing followed for ${seconds} s`
        : silent
            ? `${started} and nothing followed for ${seconds} s (no console output, no disk reads, paging never turned on: boot code with no operating system behind it, or one waiting for a key)`
            : `${started} and no operating system started in ${seconds} s (no disk reads, paging never turned on, only console output: boot code running wild, or a menu waiting for a key)`;
    return `${said}${bootHint(blame.firmware, target)}`;
}
/** The likely fix, for an image target whose firmware choice may be the problem. */
function bootHint(firmware, target) {
    if (target.kind !== 'image')
        return '';
    if (firmware === 'bios' && !target.uefi)
        return ' (is this a UEFI image? set uefi = true)';
    if (firmware === 'uefi' && target.uefi) {
        const loader = `no EFI boot loader on the disk (EFI/BOOT/${archFacts(target.arch).efiLoader ?? 'BOOT*.EFI'} in an EFI system partition)`;
        // Only x86 has a BIOS to fall back on.
        return target.arch === 'x86_64'
            ? ` (${loader}: is this a BIOS-only image? boot it without uefi = true)`
            : ` (${loader})`;
    }
    return '';
}
/**
 * Follows a boot's console to tell when only silence can show it is stuck: the firmware has
 * had its last word — SeaBIOS started a disk's boot code ("Booting from Hard Disk..."), or a
 * firmware failed a boot option — and nothing has spoken since. A kernel or our init ends it
 * for good; other text (a boot loader's messages, or junk from boot code running wild) keeps
 * it armed, only restarting the silence and kept as the last words for the message: the
 * caller's check that no kernel runs (paging off) is what tells a live loader from a dead one.
 * The firmware starting over (a reset) arms it afresh.
 *
 * OVMF starting an EFI program from the disk does not arm it: a loader exists, and the
 * kernel's EFI stub then loads and decompresses in silence for many seconds under TCG.
 * Pure: the caller supplies the clock and decides what the silence means (see vm/).
 */
/** How much of a loader's last line goes into the message. */
const LAST_WORDS_CHARS = 200;
class HandoffWatch {
    suspect;
    over = false;
    /** The last not-final failure seen (a firmware's or a boot loader's), for messages. */
    earlierFailure;
    /** `line` is the console line `verdict` was made of (for the last words). */
    see(verdict, now, line = '') {
        if (this.over)
            return;
        if (verdict === undefined) {
            if (this.suspect)
                this.suspect = { ...this.suspect, lastWords: plain(text_forMatching(line)).slice(0, LAST_WORDS_CHARS) };
            return;
        }
        switch (verdict.kind) {
            case 'firmware-handoff':
                this.suspect =
                    verdict.firmware === 'bios' ? { line: verdict.line, firmware: 'bios', failed: false, since: now } : undefined;
                return;
            case 'boot-attempt-failed':
                this.earlierFailure = verdict.line;
                if (verdict.firmware !== 'disk')
                    this.suspect = { line: verdict.line, firmware: verdict.firmware, failed: true, since: now };
                else if (this.suspect)
                    this.suspect = { ...this.suspect, lastWords: verdict.line };
                return;
            case 'firmware':
            case 'no-boot-device':
                return;
            default:
                // A kernel, our init, a halt: the boot went past the firmware.
                this.end();
        }
    }
    /** What to blame if nothing has been said since it was armed; undefined when disarmed. */
    armed() {
        return this.over ? undefined : this.suspect;
    }
    /** The boot went past the firmware (a kernel runs, the agent answered): never arm again. */
    end() {
        this.over = true;
        this.suspect = undefined;
    }
}
function plain(line) {
    return line.replace(TERMINAL_CONTROL, '').trim();
}

;// CONCATENATED MODULE: ./.build/src/guest/templates.js
// Guest scripts live as real files in templates/ (readable, shellcheck-able) and are rendered
// here by pure functions. The only substitutions are in init.sh, each value shell-quoted; the
// command and mount wrappers take their data as positional arguments, so no user text is
// ever spliced into shell source.


// One literal URL per file: the bundler sees each one and copies it beside the bundle
// (dist/<entry>/), and from src/guest/ the same path reaches the repository's templates/.
const TEMPLATES = {
    'init.sh': __nccwpck_require__.ab + "init.sh",
    'command.sh': __nccwpck_require__.ab + "command.sh",
    'mount.sh': __nccwpck_require__.ab + "mount.sh",
    'system.fstab': __nccwpck_require__.ab + "system.fstab",
    'network.sh': __nccwpck_require__.ab + "network.sh",
};
const cache = new Map();
function readTemplate(name) {
    let text = cache.get(name);
    if (text === undefined) {
        text = (0,external_node_fs_namespaceObject.readFileSync)(TEMPLATES[name], 'utf8');
        cache.set(name, text);
    }
    return text;
}
const DEFAULT_GUEST_PATH = '/usr/local/bin:/usr/bin:/bin';
/** Quote for bash so the value is one word, verbatim. */
function shellQuote(value) {
    return `'${value.replace(/'/g, `'\\''`)}'`;
}
/** The PATH of a kernel target's init: the host's PATH when the guest shares the host root
 *  (upstream propagates it so the guest finds the same tools), plus the sbin directories. */
function initPath(hostPath) {
    return `${hostPath || DEFAULT_GUEST_PATH}:/usr/local/sbin:/usr/sbin:/sbin`;
}
/** Whether the host asked for debug output: VMTEST_DEBUG (CLI and action), or the runner's
 *  step debug logging (RUNNER_DEBUG=1). */
function guestDebug(env) {
    const own = env.VMTEST_DEBUG;
    return (own !== undefined && own !== '' && own !== '0') || env.RUNNER_DEBUG === '1';
}
/** The init script (PID 1 of kernel targets). It expects initCompanions() and
 *  commandHandover() beside it. */
function renderInit(opts) {
    const shareWords = [
        ...fsWords(opts.sharedFs),
        ...opts.shares.flatMap((m) => [shellQuote(m.tag), shellQuote(m.path), m.readonly ? '1' : '0']),
    ];
    return readTemplate('init.sh')
        .replace('export PATH=@PATH@', () => `export PATH=${shellQuote(opts.path)}`)
        .replace('bb=(@BUSYBOX@)', () => `bb=(${opts.busybox ? shellQuote(opts.busybox) : ''})`)
        .replace('shares=(@SHARES@)', () => `shares=(${shareWords.join(' ')})`)
        .replace('shell=(@SHELL@)', () => `shell=(${shellWords(opts.interactiveShell).join(' ')})`)
        .replace('VMTEST_DEBUG=@DEBUG@', () => `VMTEST_DEBUG=${opts.debug ? '1' : ''}`)
        .replace('network=@NETWORK@', () => `network=${opts.network ? '1' : '0'}`);
}
/** init's `shell` array: empty, or the directory and, when known, rows and columns. */
function shellWords(shell) {
    if (!shell)
        return [];
    const size = shell.rows && shell.columns ? [String(Math.trunc(shell.rows)), String(Math.trunc(shell.columns))] : [];
    return [shellQuote(shell.dir), ...size];
}
/** mount.sh's leading option for the shares' filesystem: none for 9p. */
function fsWords(sharedFs) {
    return sharedFs === 'virtiofs' ? ['--virtiofs'] : [];
}
/** The filesystem types of system.fstab's optional (`nofail`) entries, which mount.sh leaves
 *  out when the kernel lacks them. Read here, on the host, so the guest never parses the
 *  fstab itself (a shell's `read` over 9p costs a round trip per byte). */
function optionalFilesystems(fstab) {
    return fstab
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .filter((f) => f.length >= 4 && !f[0].startsWith('#') && f[3].split(',').includes('nofail'))
        .map((f) => f[2]);
}
/** templates/mount.sh with the 9p mount options and the optional filesystems filled in. */
function renderMountScript() {
    const optional = optionalFilesystems(readTemplate('system.fstab')).join(' ');
    return readTemplate('mount.sh')
        .replace('vmtest_opts=@NINEP_OPTIONS@', () => `vmtest_opts=${NINEP_MOUNT_OPTIONS}`)
        .replace('vmtest_optional=@OPTIONAL_FS@', () => `vmtest_optional=${shellQuote(optional)}`)
        .replace('@DEV_MAKE@', () => devSkeletonCommands().join('\n        '))
        .replace('@DEV_MISSING@', () => devSkeletonTests().join(' || '));
}
/** DEV_SKELETON as shell commands: each link made when missing, the folders with one mkdir. */
function devSkeletonCommands() {
    const entries = Object.entries(DEV_SKELETON);
    const links = entries.flatMap(([name, e]) => 'link' in e ? [`[ -e /dev/${name} ] || ln -s ${shellQuote(e.link)} /dev/${name}`] : []);
    const dirs = entries.filter(([, e]) => 'dir' in e).map(([name]) => `/dev/${name}`);
    return dirs.length ? [...links, `mkdir -p ${dirs.join(' ')}`] : links;
}
/** DEV_SKELETON as shell tests, each true when its entry is missing. */
function devSkeletonTests() {
    return Object.entries(DEV_SKELETON).map(([name, e]) => `[ ! ${'link' in e ? '-e' : '-d'} /dev/${name} ]`);
}
/** What a fresh devtmpfs lacks (udev makes it elsewhere): the standard links — process
 *  substitution needs /dev/fd, test runners write to /dev/stdout and /dev/stderr by name —
 *  and the mount points of system.fstab's /dev entries. mount.sh makes them with busybox's
 *  ln and mkdir (forks of its sh, no program to load); without busybox it copies these
 *  host-made ones with one `cp` (each coreutils `ln` or `mkdir` is a program: ~10 ms under
 *  TCG). */
const DEV_SKELETON = {
    fd: { link: '/proc/self/fd' },
    stdin: { link: '/proc/self/fd/0' },
    stdout: { link: '/proc/self/fd/1' },
    stderr: { link: '/proc/self/fd/2' },
    shm: { dir: true },
    pts: { dir: true },
};
/** The files the init runs beside itself (name -> text, link or folder): the mount script,
 *  the system mounts it makes with `mount -a -T`, what it copies into /dev (DEV_SKELETON,
 *  in `dev/`), and the network setup it sources when asked. */
function initCompanions() {
    const dev = Object.entries(DEV_SKELETON).map(([name, entry]) => [`dev/${name}`, entry]);
    return {
        'mount.sh': renderMountScript(),
        'system.fstab': readTemplate('system.fstab'),
        'network.sh': readTemplate('network.sh'),
        ...Object.fromEntries(dev),
    };
}
/** The handover file's name, beside the init. */
const HANDOVER_FILE = 'command.vars';
function renderHandover(h) {
    const lines = [`vmtest_marker=${shellQuote(h.marker)}`];
    if (h.command) {
        lines.push(`vmtest_cwd=${shellQuote(h.command.cwd)}`, `vmtest_command=${shellQuote(h.command.text)}`);
        lines.push(`vmtest_env=(${h.command.env.map(shellQuote).join(' ')})`, `vmtest_wrapper=${shellQuote(readTemplate('command.sh'))}`);
    }
    return lines.join('\n') + '\n';
}
/** The agent invocation that runs the user's command on an image target (a kernel target's
 *  init runs it itself: renderHandover). `cwd` '' means stay where the agent is. */
function commandInvocation(command, cwd, marker) {
    return { path: 'bash', args: ['-c', readTemplate('command.sh'), 'bash', cwd, marker, command] };
}
/** The agent invocation that mounts every 9p share of an image target and prints `uname -r`
 *  first (a kernel target's init mounts them itself). */
function mountInvocation(mounts, sharedFs) {
    const args = ['-c', renderMountScript(), 'vmtest', ...fsWords(sharedFs)];
    for (const m of mounts)
        args.push(m.tag, m.path, m.readonly ? '1' : '0');
    return { path: 'bash', args };
}

;// CONCATENATED MODULE: ./.build/src/qemu/image-boot.js
/** vm.extra_args options that bring firmware (or a kernel) of their own. */
const OWN_FIRMWARE = /^-(bios|pflash|kernel)$|(^|,)if=pflash(,|$)/;
function imageBootProblem(target) {
    if (target.kind !== 'image' || target.uefi)
        return undefined;
    if (target.arch !== 'aarch64' && target.arch !== 'riscv64')
        return undefined;
    if (target.vm.extraArgs.some((a) => OWN_FIRMWARE.test(a)))
        return undefined;
    const fix = target.arch === 'aarch64'
        ? 'set uefi = true (AAVMF, package qemu-efi-aarch64, is found by itself)'
        : 'set uefi = true and vm.bios to firmware that boots disks on riscv64 virt (U-Boot or EDK2)';
    return `Target '${target.name}': QEMU's ${target.arch} virt board has no firmware that boots a disk (there is no BIOS on ${target.arch}): ${fix}, or pass firmware in vm.extra_args (-bios / -pflash)`;
}

;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");
;// CONCATENATED MODULE: ./.build/src/initramfs/errors.js
/** Why a stock-kernel initramfs cannot be decided on or built. The message names the file,
 *  module or package involved, so it can be shown to the user as is. */
class InitramfsError extends Error {
    constructor(message) {
        super(message);
        this.name = 'InitramfsError';
    }
}

;// CONCATENATED MODULE: ./.build/src/initramfs/busybox.js
// The static busybox the generated initramfs runs: from the rootfs, or setup's fallback, and
// always built for the guest's architecture.





/** Where distros put busybox, inside the target's rootfs; the first static one wins.
 *  Ubuntu's busybox-initramfs lives in the last one. */
const BUSYBOX_CANDIDATES = [
    'bin/busybox',
    'usr/bin/busybox',
    'sbin/busybox',
    'usr/sbin/busybox',
    'usr/lib/initramfs-tools/bin/busybox',
];
/**
 * A statically linked busybox for the initramfs: `override` (a host path) when given, else
 * the first static one of BUSYBOX_CANDIDATES in `rootfs`, else `fallback` (a host path: the
 * static busybox setup installed or found, for a rootfs without one). Taking it from the
 * target's rootfs means it matches the guest's architecture; `arch`, when given, is checked
 * too (so a host busybox never goes into a foreign-arch initramfs). Throws an
 * InitramfsError that says which package to install when there is none or only a dynamic one
 * (a dynamic busybox would need the rootfs's ld.so and libc, which the initramfs lacks).
 */
function findStaticBusybox(rootfs, override, arch, fallback) {
    // The override is the host's own (setup's bundle or system busybox); the candidates are
    // the rootfs's, read without leaving it.
    const fromHost = (c) => ({ path: c, data: (0,external_node_fs_namespaceObject.readFileSync)(c) });
    const candidates = override !== undefined
        ? [() => fromHost(override)]
        : [
            ...BUSYBOX_CANDIDATES.map((c) => () => readFileInRoot(rootfs, c)),
            ...(fallback !== undefined ? [() => fromHost(fallback)] : []),
        ];
    const rejected = [];
    for (const read of candidates) {
        let file;
        let data;
        try {
            ;
            ({ path: file, data } = read());
        }
        catch (err) {
            if (err instanceof RootPathError)
                throw new InitramfsError(`The busybox candidate ${err.message}`);
            continue;
        }
        const elf = readElfInfo(data);
        if (elf === undefined) {
            rejected.push(`${file} is not an ELF program`);
        }
        else if (!elf.isStatic) {
            rejected.push(`${file} is dynamically linked`);
        }
        else if (arch !== undefined && elf.arch !== arch) {
            rejected.push(`${file} is built for ${elf.arch ?? `ELF machine 0x${elf.machine.toString(16)}`}, not ${arch}`);
        }
        else {
            return { path: file, data };
        }
    }
    const where = override !== undefined
        ? override
        : [
            ...BUSYBOX_CANDIDATES.map((c) => external_node_path_namespaceObject.posix.join('<rootfs>', c)),
            ...(fallback !== undefined ? [fallback] : []),
        ].join(', ');
    const found = rejected.length > 0 ? `: ${rejected.join('; ')}` : ` (looked at ${where})`;
    throw new InitramfsError(`No static busybox for the initramfs in ${override !== undefined ? 'the given path' : `rootfs ${rootfs}`}${found}. ` +
        `Install the busybox-static package in the rootfs (apt-get install busybox-static).`);
}

;// CONCATENATED MODULE: ./.build/src/initramfs/cpio.js

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;
const DEFAULT_MODE = {
    dir: 0o755,
    file: 0o644,
    symlink: 0o777,
    chardev: 0o600,
};
const TYPE_BITS = {
    dir: S_IFDIR,
    file: S_IFREG,
    symlink: S_IFLNK,
    chardev: S_IFCHR,
};
/**
 * The newc archive of `entries`, in order, ending with the `TRAILER!!!` record and padded to
 * a 512-byte block as GNU cpio does. Parent directories that are not listed before their
 * children are added (the kernel's unpacker does not create them, and a file whose directory
 * is missing is silently dropped). Timestamps are 0 so the same input gives the same bytes.
 */
function writeCpioNewc(entries) {
    const parts = [];
    const seen = new Set();
    let ino = 1;
    const emit = (name, mode, nlink, data, dev, ids) => {
        const nameBytes = Buffer.from(`${name}\0`, 'utf8');
        const fields = [ino++, mode, ids[0], ids[1], nlink, 0, data.length, 0, 0, dev[0], dev[1], nameBytes.length, 0];
        const header = '070701' + fields.map(hex8).join('');
        parts.push(Buffer.from(header, 'latin1'), nameBytes, zeros(pad4(110 + nameBytes.length)));
        parts.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength), zeros(pad4(data.length)));
    };
    for (const entry of entries) {
        const name = normalisePath(entry.path);
        if (seen.has(name))
            throw new InitramfsError(`cpio: duplicate entry "${name}"`);
        // Missing parents first, outermost first.
        const segments = name.split('/');
        for (let i = 1; i < segments.length; i++) {
            const parent = segments.slice(0, i).join('/');
            if (!seen.has(parent)) {
                seen.add(parent);
                emit(parent, S_IFDIR | 0o755, 2, new Uint8Array(), [0, 0], [0, 0]);
            }
        }
        seen.add(name);
        const mode = TYPE_BITS[entry.type] | ((entry.mode ?? DEFAULT_MODE[entry.type]) & 0o7777);
        const ids = [entry.uid ?? 0, entry.gid ?? 0];
        switch (entry.type) {
            case 'dir':
                emit(name, mode, 2, new Uint8Array(), [0, 0], ids);
                break;
            case 'file':
                emit(name, mode, 1, entry.data, [0, 0], ids);
                break;
            case 'symlink':
                if (entry.target === '')
                    throw new InitramfsError(`cpio: symlink "${name}" has an empty target`);
                emit(name, mode, 1, Buffer.from(entry.target, 'utf8'), [0, 0], ids);
                break;
            case 'chardev':
                emit(name, mode, 1, new Uint8Array(), [entry.major, entry.minor], ids);
                break;
        }
    }
    emit('TRAILER!!!', 0, 1, new Uint8Array(), [0, 0], [0, 0]);
    const size = parts.reduce((n, b) => n + b.length, 0);
    parts.push(zeros((512 - (size % 512)) % 512));
    return Buffer.concat(parts);
}
function normalisePath(raw) {
    const name = raw.replace(/^(\.?\/)+/, '').replace(/\/+$/, '');
    const segments = name.split('/');
    if (name === '' || segments.some((s) => s === '' || s === '.' || s === '..')) {
        throw new InitramfsError(`cpio: invalid entry path "${raw}"`);
    }
    return name;
}
function hex8(n) {
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
        throw new InitramfsError(`cpio: field value ${n} does not fit in 32 bits`);
    return n.toString(16).toUpperCase().padStart(8, '0');
}
function pad4(n) {
    return (4 - (n % 4)) % 4;
}
function zeros(n) {
    return Buffer.alloc(n);
}

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: ./.build/src/initramfs/decompress.js



function moduleCompression(modulePath) {
    const match = /\.ko\.(gz|xz|zst)$/.exec(modulePath);
    return match ? match[1] : 'none';
}
/** The module path without its compression suffix: `9p.ko.zst` → `9p.ko`. */
function uncompressedName(modulePath) {
    return modulePath.replace(/\.ko\.(gz|xz|zst)$/, '.ko');
}
/**
 * The uncompressed bytes of a module read from `file`. gzip is inflated in process; zstd too
 * on Node ≥ 22.15 (node:zlib gained zstd there); otherwise the host's `xz` / `zstd` tools are
 * run, and their absence is an InitramfsError that names the package to install.
 */
function decompressModule(file, data) {
    const kind = moduleCompression(file);
    try {
        switch (kind) {
            case 'none':
                return { data };
            case 'gz':
                return { data: external_node_zlib_namespaceObject.gunzipSync(data), via: 'node:zlib gunzip' };
            case 'zst': {
                const zstd = external_node_zlib_namespaceObject.zstdDecompressSync;
                if (zstd)
                    return { data: zstd(data), via: 'node:zlib zstd' };
                return { data: runTool('zstd', ['-dc'], data, 'zstd'), via: 'host zstd' };
            }
            case 'xz':
                return { data: runTool('xz', ['-dc'], data, 'xz-utils'), via: 'host xz' };
        }
    }
    catch (err) {
        if (err instanceof InitramfsError)
            throw err;
        throw new InitramfsError(`Cannot decompress module ${file}: ${err.message}`);
    }
}
function runTool(tool, args, input, aptPackage) {
    try {
        return (0,external_node_child_process_namespaceObject.execFileSync)(tool, args, { input, maxBuffer: 256 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'] });
    }
    catch (err) {
        if (err.code === 'ENOENT') {
            throw new InitramfsError(`Decompressing kernel modules needs the host's \`${tool}\` tool: install ${aptPackage} (apt-get install ${aptPackage})`);
        }
        const stderr = err.stderr?.toString().trim();
        throw new Error(`\`${tool} ${args.join(' ')}\` failed${stderr ? `: ${stderr}` : ''}`);
    }
}

;// CONCATENATED MODULE: ./.build/src/initramfs/modules.js
// Which modules a kernel target needs before its root is mounted, and their load order from
// the kernel's own modules.dep (read inside the root, never outside it).



/**
 * What a kernel target needs before its real init runs: the virtio PCI transport (all of
 * QEMU's `-device virtio-*` and `-virtfs` devices sit on it on x86_64, aarch64 virt and
 * riscv64 virt), the 9p transport and filesystem for the root and the shares, and
 * virtio_console for the guest agent's and the command output's ports. Their own
 * dependencies (virtio_ring, virtio, 9pnet, netfs, fscache, …) come from modules.dep.
 */
const ROOT_MODULES = ['virtio_pci', 'virtio_console', '9pnet_virtio', '9p'];
/** The NIC of `vm.network = "user"` (its failover dependencies come from modules.dep). */
const NETWORK_MODULES = ['virtio_net'];
/**
 * ROOT_MODULES for an architecture: the same everywhere. On s390x too, `-virtfs` makes a
 * virtio-9p-pci device (on the zPCI bus), so 9p needs virtio_pci there as well; the
 * channel-I/O transport the agent's virtio-serial-ccw uses, virtio_ccw, is a bool option
 * (S390_GUEST), never a module, and is listed neither in modules.dep nor in modules.builtin
 * (which lists only tristate options set to y): asking for it would call a working kernel
 * broken. Checked with Debian's 6.1 s390x kernel under TCG.
 */
function rootModulesFor(_arch, sharedFs = '9p') {
    return sharedFs === 'virtiofs' ? [...VIRTIOFS_ROOT_MODULES] : [...ROOT_MODULES];
}
/**
 * ROOT_MODULES for `shared_fs = "virtiofs"`: the root and every share are vhost-user-fs
 * devices on the virtio PCI transport, mounted as virtiofs (fs/fuse/virtiofs.ko, which
 * needs fuse.ko: listed too, so a kernel with FUSE_FS missing is named as such).
 */
const VIRTIOFS_ROOT_MODULES = ['virtio_pci', 'virtio_console', 'fuse', 'virtiofs'];
/** `kernel/fs/9p/9p.ko.zst` → `9p`; `virtio-rng.ko` → `virtio_rng` (as modprobe compares). */
function moduleName(modulePath) {
    return external_node_path_namespaceObject.basename(modulePath)
        .replace(/\.ko(\.(gz|xz|zst))?$/, '')
        .replace(/-/g, '_');
}
/** The version folder of `version` inside a root: `lib/modules/<version>`. */
function versionSubdir(version) {
    return `lib/modules/${version}`;
}
/**
 * Parses `<rootfs>/<subdir>/modules.dep` and `modules.builtin` (modules.alias is read later,
 * if needed); `subdir` is `lib/modules/<version>` unless given. Undefined when the directory
 * does not exist.
 */
function readModuleIndex(rootfs, version, subdir = versionSubdir(version)) {
    if (version === '' || version === '.' || version === '..' || version.includes('/'))
        return undefined;
    const dir = resolveInRoot(rootfs, subdir);
    try {
        if (!(0,external_node_fs_namespaceObject.statSync)(dir).isDirectory())
            return undefined;
    }
    catch {
        return undefined;
    }
    const depText = readOptional(rootfs, subdir, 'modules.dep');
    const index = {
        version,
        dir,
        rootfs,
        subdir,
        hasModulesDep: depText !== undefined,
        paths: new Map(),
        deps: new Map(),
        builtin: new Set(),
    };
    for (const line of lines(depText)) {
        const colon = line.indexOf(':');
        if (colon < 0)
            continue;
        const modulePath = relative(line.slice(0, colon));
        const deps = line
            .slice(colon + 1)
            .split(/\s+/)
            .filter((d) => d !== '')
            .map((d) => relative(d));
        index.deps.set(modulePath, deps);
        index.paths.set(moduleName(modulePath), modulePath);
    }
    for (const line of lines(readOptional(rootfs, subdir, 'modules.builtin'))) {
        index.builtin.add(moduleName(line.trim()));
    }
    return index;
}
/** Exact (wildcard-free) aliases → module names from modules.alias (e.g. fs_9p → 9p), with
 *  `-` read as `_` as modprobe does. Read once per index. */
function moduleAliases(index) {
    if (index.aliases)
        return index.aliases;
    const aliases = new Map();
    for (const line of lines(readOptional(index.rootfs, index.subdir, 'modules.alias'))) {
        // `alias <pattern> <module>`; device-id patterns with wildcards are for udev, not us.
        const [word, alias, name] = line.split(/\s+/);
        if (word !== 'alias' || !alias || !name || /[*?[]/.test(alias))
            continue;
        const key = alias.replace(/-/g, '_');
        const list = aliases.get(key) ?? [];
        list.push(moduleName(name));
        aliases.set(key, list);
    }
    index.aliases = aliases;
    return aliases;
}
/**
 * The modules to insmod, in order, so that each of `wanted` is available. Dependencies are
 * visited depth-first in reverse modules.dep order, which is the order modprobe loads them
 * (`virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci`); each module
 * appears once.
 */
function loadOrder(index, wanted) {
    const load = [];
    const builtin = [];
    const missing = [];
    const visiting = new Set();
    const done = new Set();
    const visit = (modulePath) => {
        if (done.has(modulePath) || visiting.has(modulePath))
            return; // a cycle would be a depmod bug
        visiting.add(modulePath);
        for (const dep of [...(index.deps.get(modulePath) ?? [])].reverse())
            visit(dep);
        visiting.delete(modulePath);
        done.add(modulePath);
        load.push(modulePath);
    };
    for (const raw of wanted) {
        const name = raw.replace(/-/g, '_');
        const direct = index.paths.has(name) || index.builtin.has(name);
        const candidates = direct ? [name] : [name, ...(moduleAliases(index).get(name) ?? [])];
        const asModule = candidates.find((n) => index.paths.has(n));
        if (asModule !== undefined)
            visit(index.paths.get(asModule));
        else if (candidates.some((n) => index.builtin.has(n)))
            builtin.push(raw);
        else
            missing.push(raw);
    }
    return { load, builtin, missing };
}
/** modules.dep paths are relative to the version directory; very old depmods wrote them
 *  absolute (`/lib/modules/<version>/kernel/…`). Anything else absolute is kept as written,
 *  for modulePathProblem to refuse by name. */
function relative(p) {
    if (!p.startsWith('/'))
        return p;
    const marker = p.indexOf('/lib/modules/');
    if (marker >= 0)
        return p
            .slice(marker + '/lib/modules/'.length)
            .split('/')
            .slice(1)
            .join('/');
    return p;
}
/**
 * Why a module path from modules.dep cannot be used, or undefined when it can: it must name
 * a file below lib/modules/<version> (no absolute path, no `..`). A crafted modules.dep
 * could otherwise pack any file of the rootfs, or with links of the host, into the
 * initramfs the guest gets.
 */
function modulePathProblem(modulePath, version) {
    if (modulePath.startsWith('/') || modulePath.split('/').includes('..') || modulePath === '') {
        return `modules.dep entry ${JSON.stringify(modulePath)} is not a path below lib/modules/${version} (refused: every path taken from a rootfs must stay inside it)`;
    }
    return undefined;
}
/** A file of the version folder, or undefined when it cannot be read; leaving the rootfs
 *  is not "unreadable": it throws. */
function readOptional(rootfs, subdir, name) {
    try {
        return readFileInRoot(rootfs, `${subdir}/${name}`).data.toString('utf8');
    }
    catch (err) {
        if (err instanceof RootPathError)
            throw err;
        return undefined;
    }
}
function lines(text) {
    return text === undefined ? [] : text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
}

;// CONCATENATED MODULE: ./.build/src/initramfs/build.js
// Builds the initramfs a stock kernel needs to reach a 9p (or virtiofs) root: the init
// script, a static busybox with its applets, and the root modules in load order.











/** Where the init script reads its module list: one absolute path per line, in load order. */
const MODULE_LIST_PATH = 'etc/vmtest-initramfs/modules';
/** busybox applets templates/initramfs-init.sh runs (its PATH is /bin). */
const APPLETS = ['sh', 'cat', 'echo', 'mkdir', 'mount', 'umount', 'insmod', 'sleep', 'switch_root', 'poweroff'];
/** src/initramfs/*.ts and dist/<entry>/index.js both sit two levels below the repo root. */
const INIT_TEMPLATE = __nccwpck_require__.ab + "initramfs-init.sh";
/**
 * The initramfs for a stock kernel: /init (templates/initramfs-init.sh), a static busybox
 * with the applets /init needs, /dev/console (the kernel opens it for /init's stdio before
 * devtmpfs exists), the modules decompressed, and their load list.
 */
function buildInitramfs(opts) {
    return buildInitramfsDetailed(opts).data;
}
function buildInitramfsDetailed(opts) {
    const busybox = findStaticBusybox(opts.rootfs, opts.busybox, opts.arch, opts.fallbackBusybox);
    const entries = [
        { type: 'dir', path: 'dev' },
        { type: 'chardev', path: 'dev/console', major: 5, minor: 1, mode: 0o600 },
        { type: 'chardev', path: 'dev/null', major: 1, minor: 3, mode: 0o666 },
        { type: 'dir', path: 'proc' },
        { type: 'dir', path: 'sys' },
        { type: 'dir', path: 'newroot' },
        { type: 'file', path: 'init', data: readInitTemplate(), mode: 0o755 },
        { type: 'file', path: 'bin/busybox', data: busybox.data, mode: 0o755 },
        ...APPLETS.map((applet) => ({ type: 'symlink', path: `bin/${applet}`, target: 'busybox' })),
    ];
    const notes = [];
    const listed = [];
    const moduleRoot = `lib/modules/${opts.kernelVersion}`;
    const from = opts.modulesFrom ?? { root: opts.rootfs, subdir: moduleRoot };
    for (const relative of opts.modules) {
        const problem = modulePathProblem(relative, opts.kernelVersion);
        if (problem !== undefined)
            throw new InitramfsError(problem);
        let file = external_node_path_namespaceObject.join(from.root, from.subdir, relative);
        let raw;
        try {
            ;
            ({ path: file, data: raw } = readFileInRoot(from.root, `${from.subdir}/${relative}`));
        }
        catch (err) {
            if (err instanceof RootPathError)
                throw new InitramfsError(`Kernel module ${err.message}`);
            throw new InitramfsError(`Cannot read kernel module ${file}: ${err.message}`);
        }
        const { data, via } = decompressModule(file, raw);
        if (via !== undefined)
            notes.push(`${external_node_path_namespaceObject.basename(relative)}: ${via}`);
        const inArchive = `${moduleRoot}/${uncompressedName(relative)}`;
        entries.push({ type: 'file', path: inArchive, data, mode: 0o644 });
        listed.push(`/${inArchive}`);
    }
    entries.push({ type: 'file', path: MODULE_LIST_PATH, data: Buffer.from(listed.map((l) => `${l}\n`).join('')) });
    const cpio = writeCpioNewc(entries);
    const data = opts.compress === true ? external_node_zlib_namespaceObject.gzipSync(cpio, { level: 6 }) : cpio;
    return { data, busybox: busybox.path, notes };
}
function readInitTemplate() {
    // In the bundle, ncc has replaced the URL with a plain path string: accept both.
    const where = __nccwpck_require__.ab + "initramfs-init.sh";
    try {
        // The 9p options are the platform's (the root mounts with the same as every share).
        return Buffer.from((0,external_node_fs_namespaceObject.readFileSync)(where, 'utf8').replace('rootflags=@NINEP_OPTIONS@', () => `rootflags=${NINEP_MOUNT_OPTIONS}`));
    }
    catch (err) {
        throw new InitramfsError(`Cannot read the initramfs init template ${typeof where === 'string' ? where : (0,external_node_url_namespaceObject.fileURLToPath)(where)}: ${err.message}`);
    }
}

;// CONCATENATED MODULE: ./.build/src/initramfs/kernel-version.js


// Reads the release string (`uname -r`, e.g. "6.1.0-56-amd64") out of a kernel image without
// booting it, to find the matching /lib/modules/<release> in the target's rootfs.
const BANNER = Buffer.from('Linux version ');
/** The release is the banner's first word; real ones start with a digit ("6.1.0-56-amd64"). */
const RELEASE = /^[0-9][^\s\0]*/;
/** Uncompressed images can be hundreds of MB (vmlinux with debug info): read in chunks. */
const SCAN_CHUNK = 4 * 1024 * 1024;
/** Bound on what a compressed kernel may inflate to, against decompression bombs. */
const MAX_INFLATED = 1024 * 1024 * 1024;
/**
 * The kernel release stored in `kernelPath`, or undefined when it cannot be found (unknown
 * format, unsupported compression, unreadable file).
 *
 * - x86 bzImage: the setup header (`HdrS` at 0x202) points at the version string
 *   (`kernel_version` at 0x20E, relative to 0x200), which is stored uncompressed.
 * - gzip (Debian's arm64 vmlinuz is a gzipped `Image`) and EFI zboot images with a gzip (or,
 *   on Node ≥ 22.15, zstd) payload: inflated in memory, then scanned for the banner.
 * - anything else (arm64/riscv64 `Image`, vmlinux ELF): scanned for `Linux version <digit>`.
 */
function readKernelVersion(kernelPath) {
    let fd;
    try {
        fd = (0,external_node_fs_namespaceObject.openSync)(kernelPath, 'r');
    }
    catch {
        return undefined;
    }
    try {
        const head = readAt(fd, 0, 64 * 1024);
        const fromHeader = bzImageVersion(fd, head);
        if (fromHeader !== undefined)
            return fromHeader;
        if (isGzip(head, 0)) {
            const inflated = gunzipLenient(readAll(fd));
            return inflated === undefined ? undefined : bannerRelease(inflated);
        }
        if (isZboot(head)) {
            const inflated = inflateZboot(readAll(fd));
            return inflated === undefined ? undefined : bannerRelease(inflated);
        }
        return scanFile(fd);
    }
    catch {
        return undefined;
    }
    finally {
        (0,external_node_fs_namespaceObject.closeSync)(fd);
    }
}
/** The release from an x86 boot protocol setup header, if `head` starts with one. */
function bzImageVersion(fd, head) {
    if (head.length < 0x210 || head.toString('latin1', 0x202, 0x206) !== 'HdrS')
        return undefined;
    // kernel_version exists from boot protocol 2.00 on; 0 means "not provided".
    const protocol = head.readUInt16LE(0x206);
    const pointer = head.readUInt16LE(0x20e);
    if (protocol < 0x200 || pointer === 0)
        return undefined;
    const at = pointer + 0x200;
    const text = at + 256 <= head.length ? head.subarray(at, at + 256) : readAt(fd, at, 256);
    const match = RELEASE.exec(text.toString('latin1'));
    return match?.[0];
}
/** The release after the first `Linux version <digit>` in `data`. */
function bannerRelease(data) {
    let from = 0;
    for (;;) {
        const at = data.indexOf(BANNER, from);
        if (at < 0)
            return undefined;
        const match = RELEASE.exec(data.toString('latin1', at + BANNER.length, at + BANNER.length + 128));
        if (match)
            return match[0];
        from = at + 1;
    }
}
function scanFile(fd) {
    // Consecutive chunks overlap by one banner plus a release, so a banner that straddles a
    // chunk boundary is seen whole in the next chunk.
    const overlap = BANNER.length + 128;
    let offset = 0;
    for (;;) {
        const chunk = readAt(fd, offset, SCAN_CHUNK);
        const found = bannerRelease(chunk);
        if (found !== undefined)
            return found;
        if (chunk.length < SCAN_CHUNK)
            return undefined;
        offset += SCAN_CHUNK - overlap;
    }
}
function isGzip(data, at) {
    return data.length >= at + 10 && data[at] === 0x1f && data[at + 1] === 0x8b && data[at + 2] === 8;
}
/**
 * Inflates a gzip member and ignores whatever follows it: kernel images are often padded or
 * carry data after the compressed stream, which `gunzipSync` rejects as a bad header.
 */
function gunzipLenient(data) {
    if (!isGzip(data, 0))
        return undefined;
    const flags = data[3];
    let at = 10;
    if (flags & 0x04)
        at += 2 + data.readUInt16LE(at); // FEXTRA
    if (flags & 0x08)
        at = data.indexOf(0, at) + 1; // FNAME
    if (flags & 0x10)
        at = data.indexOf(0, at) + 1; // FCOMMENT
    if (flags & 0x02)
        at += 2; // FHCRC
    if (at <= 0 || at >= data.length)
        return undefined;
    try {
        return external_node_zlib_namespaceObject.inflateRawSync(data.subarray(at), { maxOutputLength: MAX_INFLATED });
    }
    catch {
        return undefined;
    }
}
/** EFI zboot (CONFIG_EFI_ZBOOT): a PE stub "MZ" with "zimg" at 4, payload offset/size at
 *  8/12 and the compression name at 0x18 ("gzip", "zstd22", "xzkern", …). */
function isZboot(head) {
    return head.length >= 0x38 && head.toString('latin1', 0, 2) === 'MZ' && head.toString('latin1', 4, 8) === 'zimg';
}
function inflateZboot(data) {
    const offset = data.readUInt32LE(8);
    const size = data.readUInt32LE(12);
    const kind = data.toString('latin1', 0x18, 0x38).replace(/\0.*$/s, '');
    const payload = data.subarray(offset, offset + size);
    if (kind === 'gzip')
        return gunzipLenient(payload);
    // zstd is in node:zlib from Node 22.15 on; on older Node this format stays unreadable.
    const zstd = external_node_zlib_namespaceObject.zstdDecompressSync;
    if (kind.startsWith('zstd') && zstd) {
        try {
            return zstd(payload, { maxOutputLength: MAX_INFLATED });
        }
        catch {
            return undefined;
        }
    }
    return undefined;
}
function readAt(fd, position, length) {
    const buf = Buffer.alloc(length);
    let filled = 0;
    while (filled < length) {
        const n = (0,external_node_fs_namespaceObject.readSync)(fd, buf, filled, length - filled, position + filled);
        if (n === 0)
            break;
        filled += n;
    }
    return buf.subarray(0, filled);
}
function readAll(fd) {
    const parts = [];
    let offset = 0;
    for (;;) {
        const chunk = readAt(fd, offset, SCAN_CHUNK);
        parts.push(chunk);
        offset += chunk.length;
        if (chunk.length < SCAN_CHUNK)
            return Buffer.concat(parts);
    }
}

;// CONCATENATED MODULE: ./.build/src/initramfs/decide.js
// Whether a kernel target needs our initramfs: a kernel whose virtio/9p are modules cannot
// mount its root without one; a kernel with them built in boots faster without.







/**
 * Whether a kernel target boots through a generated initramfs.
 *
 * - `off`: never.
 * - `auto`: only when the kernel's release can be read, `<rootfs>/lib/modules/<release>`
 *   exists and some of ROOT_MODULES are modules rather than built in. Otherwise the kernel is
 *   assumed to be vmtest-ready (9p and virtio built in), as upstream assumes.
 * - `on`: always; what `auto` would treat as "assume built in" is an error here.
 *
 * With `kernelModules`, that folder stands in for `<rootfs>/lib/modules/<release>`.
 *
 * Needing modules that exist neither as modules nor built in, or having no static busybox, is
 * an InitramfsError in `auto` and `on` alike: such a kernel cannot mount its root, and saying
 * so now beats a kernel panic on the console.
 */
function decideBootPath(opts) {
    if (opts.mode === 'off')
        return { initramfs: false, reason: 'initramfs off (forced): booting the kernel directly' };
    const forced = opts.mode === 'on';
    const wanted = rootModulesFor(opts.arch, opts.sharedFs);
    const fs = opts.sharedFs === 'virtiofs' ? 'virtiofs' : '9p';
    const km = opts.kernelModules;
    const found = km !== undefined ? { version: km.version, fromName: false } : findVersion(opts.kernel, opts.rootfs);
    if (found === undefined) {
        if (forced)
            throw new InitramfsError(`initramfs is on, but the kernel release cannot be read from ${opts.kernel}`);
        return {
            initramfs: false,
            reason: `kernel release not readable from ${opts.kernel}: assuming ${fs} and virtio are built in, no initramfs`,
        };
    }
    const { version, fromName } = found;
    const how = fromName ? ` (release taken from the file name)` : '';
    const index = km !== undefined ? readModuleIndex(km.root, version, km.subdir) : readModuleIndex(opts.rootfs, version);
    const modulesDir = km !== undefined ? km.dir : external_node_path_namespaceObject.join(opts.rootfs, 'lib/modules', version);
    if (index === undefined) {
        if (forced)
            throw new InitramfsError(`initramfs is on, but ${modulesDir} does not exist: install the modules of kernel ${version} in the rootfs`);
        return {
            initramfs: false,
            kernelVersion: version,
            reason: `kernel ${version}${how}: no ${modulesDir}, assuming ${fs} and virtio are built in, no initramfs`,
        };
    }
    const extra = opts.extraModules ?? [];
    const order = loadOrder(index, [...wanted, ...extra]);
    const missing = order.missing.filter((m) => !extra.includes(m));
    if (missing.length > 0)
        throw rootFsHint(missingError(index, missing, forced, km !== undefined), opts.sharedFs);
    if (order.load.length === 0 && !forced) {
        return {
            initramfs: false,
            kernelVersion: version,
            reason: `kernel ${version}${how}: ${wanted.join(', ')} are built in, no initramfs`,
        };
    }
    // Fail here rather than at build time, with the package to install.
    const busybox = findStaticBusybox(opts.rootfs, opts.busybox, opts.arch, opts.fallbackBusybox).path;
    const asModules = [...wanted, ...extra].filter((w) => !order.builtin.includes(w) && !order.missing.includes(w));
    const reason = order.load.length === 0
        ? `initramfs on (forced) for kernel ${version}${how}: all of ${wanted.join(', ')} are built in, loading no modules`
        : `kernel ${version}${how} has ${asModules.join(', ')} as modules: booting through a generated initramfs that loads ${order.load.length} modules${km !== undefined ? ` from ${km.dir}` : ''}`;
    return { initramfs: true, kernelVersion: version, modules: order.load, busybox, reason };
}
function findVersion(kernel, rootfs) {
    const read = readKernelVersion(kernel);
    if (read !== undefined)
        return { version: read, fromName: false };
    // Formats we cannot open (e.g. a zstd zboot on Node 20) still usually carry the release in
    // their distro file name; trust it only when the rootfs has modules for it.
    const match = /^(?:vmlinuz|vmlinux|bzImage|Image)-(.+?)(?:\.efi)?$/.exec(external_node_path_namespaceObject.basename(kernel));
    if (match && !match[1].includes('/') && (0,external_node_fs_namespaceObject.existsSync)(resolveInRoot(rootfs, `lib/modules/${match[1]}/modules.dep`)))
        return { version: match[1], fromName: true };
    return undefined;
}
/** The missing-module error of a virtiofs root names the setting and the kernel options. */
function rootFsHint(e, sharedFs) {
    if (sharedFs !== 'virtiofs')
        return e;
    return new InitramfsError(`${e.message.replace('its 9p root', 'its virtiofs root')} (shared_fs = "virtiofs" needs CONFIG_VIRTIO_FS and CONFIG_FUSE_FS)`);
}
function missingError(index, missing, forced, fromKernelModules) {
    const prefix = forced ? 'initramfs is on, but kernel' : 'Kernel';
    if (fromKernelModules) {
        return new InitramfsError(`${prefix} ${index.version} has neither built in nor as a module in its kernel_modules folder ${index.dir}: ${missing.join(', ')}. ` +
            `A kernel target needs them to mount its 9p root: build them (=y, or =m and run \`make modules_install\` again)`);
    }
    if (!index.hasModulesDep) {
        return new InitramfsError(`${prefix} ${index.version} needs ${missing.join(', ')}, which ${external_node_path_namespaceObject.join(index.dir, 'modules.builtin')} does not list as built in, ` +
            `and ${external_node_path_namespaceObject.join(index.dir, 'modules.dep')} is missing: run \`depmod ${index.version}\` in the rootfs`);
    }
    return new InitramfsError(`${prefix} ${index.version} has neither built in nor as a module in ${index.dir}: ${missing.join(', ')}. ` +
        `A kernel target needs them to mount its 9p root (on Ubuntu they are in linux-modules-extra-${index.version}).`);
}

;// CONCATENATED MODULE: ./.build/src/initramfs/kernel-modules.js
// `kernel_modules`: the `make modules_install INSTALL_MOD_PATH=DIR` tree of a custom kernel,
// given beside its bzImage. The initramfs takes the kernel's virtio/9p modules from it and the
// guest sees it at /lib/modules/<release>; both only work for the kernel's own release, so a
// tree built for another one is refused here, before anything boots, naming both releases.
// The folder is treated as a root: nothing read from it may lead outside it.







/**
 * Finds the version folder of `kernel`'s release in `folder` (`<folder>/lib/modules/<release>`,
 * or `<folder>` itself when it holds modules.dep) and checks that it is the kernel's: by its
 * name in the first layout, by the `vermagic` of its first module in the second (a folder
 * copied under another name keeps it). Throws an InitramfsError saying what is wrong.
 */
function resolveKernelModules(folder, kernel) {
    try {
        return resolve(folder, kernel);
    }
    catch (err) {
        if (err instanceof RootPathError)
            throw new InitramfsError(`kernel_modules: ${err.message}`);
        throw err;
    }
}
function resolve(folder, kernel) {
    const version = readKernelVersion(kernel);
    if (version === undefined) {
        throw new InitramfsError(`kernel_modules is set, but the kernel release cannot be read from ${kernel}, so ${folder} cannot be checked against it`);
    }
    const releases = subdirectories(resolveInRoot(folder, 'lib/modules'));
    if (releases !== undefined) {
        if (!releases.includes(version)) {
            const found = releases.length > 0 ? `modules for ${releases.join(', ')}` : 'an empty lib/modules';
            throw new InitramfsError(`kernel_modules ${folder} holds ${found}, not for release ${version} of the kernel ${kernel}: give the INSTALL_MOD_PATH folder of this kernel's \`make modules_install\``);
        }
        return withModulesDep({
            root: folder,
            subdir: versionSubdir(version),
            version,
            dir: resolveInRoot(folder, versionSubdir(version)),
        });
    }
    const depText = readText(folder, 'modules.dep');
    if (depText === undefined) {
        throw new InitramfsError(`kernel_modules ${folder} holds neither lib/modules/<release> nor modules.dep: give the INSTALL_MOD_PATH folder of \`make modules_install\` (or its lib/modules/${version})`);
    }
    const built = releaseOfFirstModule(folder, depText) ?? external_node_path_namespaceObject.basename(external_node_path_namespaceObject.resolve(folder));
    if (built !== version) {
        throw new InitramfsError(`kernel_modules ${folder} holds modules for release ${built}, not for release ${version} of the kernel ${kernel}`);
    }
    return { root: folder, subdir: '.', version, dir: resolveInRoot(folder, '.') };
}
/** modules_install runs depmod; without modules.dep nothing can be loaded or modprobed. */
function withModulesDep(found) {
    if (readText(found.root, `${found.subdir}/modules.dep`) === undefined) {
        throw new InitramfsError(`kernel_modules: ${found.dir} has no modules.dep: run \`depmod -b ${found.root} ${found.version}\``);
    }
    return found;
}
/** Names of the directories in `dir`, or undefined when it is not a directory. */
function subdirectories(dir) {
    try {
        if (!(0,external_node_fs_namespaceObject.statSync)(dir).isDirectory())
            return undefined;
        return (0,external_node_fs_namespaceObject.readdirSync)(dir, { withFileTypes: true })
            .filter((e) => e.isDirectory() || e.isSymbolicLink())
            .map((e) => e.name)
            .sort();
    }
    catch {
        return undefined;
    }
}
function readText(root, guestPath) {
    try {
        return readFileInRoot(root, guestPath).data.toString('utf8');
    }
    catch (err) {
        if (err instanceof RootPathError)
            throw err;
        return undefined;
    }
}
const VERMAGIC = Buffer.from('\0vermagic=');
/** The release a module was built for: the first word of its `vermagic=` modinfo string.
 *  Undefined when there is no module or it cannot be read (the folder's name is used then). */
function releaseOfFirstModule(root, depText) {
    const first = depText.split('\n').find((l) => l.includes(':'));
    const modulePath = first?.slice(0, first.indexOf(':')).trim();
    if (modulePath === undefined || modulePathProblem(modulePath, '<release>') !== undefined)
        return undefined;
    let data;
    try {
        const read = readFileInRoot(root, modulePath);
        data = decompressModule(read.path, read.data).data;
    }
    catch (err) {
        if (err instanceof RootPathError)
            throw err;
        return undefined;
    }
    const at = data.indexOf(VERMAGIC);
    if (at < 0)
        return undefined;
    const start = at + VERMAGIC.length;
    const end = data.indexOf(0, start);
    return (data
        .subarray(start, end < 0 ? undefined : end)
        .toString('latin1')
        .split(' ')[0] || undefined);
}

;// CONCATENATED MODULE: ./.build/src/initramfs/index.js
// The boot path of a kernel target, as the VM machinery asks for it: decide, then build the
// initramfs into the target's work dir when one is needed.








/**
 * Decides the boot path of a kernel target and, when it needs an initramfs, builds it into
 * `dir` (the target's private temp directory) as `initramfs.cpio`. Throws InitramfsError
 * with an actionable message when the kernel cannot boot either way.
 */
function prepareBootPath(opts) {
    const kernelModules = opts.kernelModules !== undefined ? resolveKernelModules(opts.kernelModules, opts.kernel) : undefined;
    const decision = insideRoot(() => decideBootPath({ ...opts, kernelModules }));
    const log = [decision.reason];
    if (kernelModules !== undefined)
        log.push(`kernel_modules: ${kernelModules.dir} (release ${kernelModules.version}), seen by the guest at /lib/modules/${kernelModules.version}`);
    if (!decision.initramfs)
        return { decision, log, kernelModules };
    const started = performance.now();
    const built = insideRoot(() => buildInitramfsDetailed({
        rootfs: opts.rootfs,
        kernelVersion: decision.kernelVersion,
        modules: decision.modules ?? [],
        busybox: opts.busybox,
        fallbackBusybox: opts.fallbackBusybox,
        arch: opts.arch,
        modulesFrom: kernelModules,
    }));
    const initrd = external_node_path_namespaceObject.join(opts.dir, 'initramfs.cpio');
    try {
        (0,external_node_fs_namespaceObject.writeFileSync)(initrd, built.data);
    }
    catch (err) {
        throw new InitramfsError(`Cannot write the initramfs ${initrd}: ${err.message}`);
    }
    const buildMs = Math.round(performance.now() - started);
    log.push(`initramfs: ${(built.data.length / 1024).toFixed(0)} KiB built in ${buildMs} ms (busybox ${built.busybox})`);
    if (built.notes.length > 0)
        log.push(`initramfs: decompressed ${built.notes.join(', ')}`);
    return { decision, initrd, sizeBytes: built.data.length, buildMs, log, kernelModules };
}
/** A rootfs path that would leave the root is this stage's refusal, like any other. */
function insideRoot(step) {
    try {
        return step();
    }
    catch (err) {
        if (err instanceof RootPathError)
            throw new InitramfsError(err.message);
        throw err;
    }
}

;// CONCATENATED MODULE: ./.build/src/guest/busybox.js
// The busybox a kernel target's init may use, looked up on the host before the boot: the
// guest would otherwise stat every PATH entry over 9p to find it (tens of ms under TCG).



/** Guest path of the first `busybox` on `guestPath` inside `rootfs` (the host's own files
 *  when rootfs is `/`), or undefined. Links resolve as the guest sees them. */
function findGuestBusybox(rootfs, guestPath) {
    for (const dir of guestPath.split(':')) {
        if (!external_node_path_namespaceObject.posix.isAbsolute(dir))
            continue;
        const guestFile = external_node_path_namespaceObject.posix.join(dir, 'busybox');
        const hostFile = rootfs === '/' ? guestFile : resolveInRoot(rootfs, guestFile);
        try {
            if (!(0,external_node_fs_namespaceObject.statSync)(hostFile).isFile())
                continue;
            (0,external_node_fs_namespaceObject.accessSync)(hostFile, external_node_fs_namespaceObject.constants.X_OK);
            return guestFile;
        }
        catch {
            // Not here: try the next entry, as execvp does.
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./.build/src/vm/target-error.js
// The two ways a target's boot ends in failure, shared by the session (which throws them)
// and the lifecycle (which turns them into a result or a second boot under TCG).
class TargetError extends Error {
    consoleTail;
    constructor(message, consoleTail) {
        super(message);
        this.consoleTail = consoleTail;
        this.name = 'TargetError';
    }
}
/** Thrown inside a boot under KVM probation when KVM turns out not to work. */
class KvmHungError extends Error {
}
function errorText(e) {
    return e instanceof Error ? e.message : String(e);
}

;// CONCATENATED MODULE: ./.build/src/util/cleanup.js
// Everything a run creates that must not outlive it (QEMU processes, temp dirs, init scripts)
// registers a *synchronous* undo here. Normal paths call it themselves; on SIGINT/SIGTERM
// (runner cancellation, Ctrl-C) the entry point calls `runAllCleanups()` before exiting, so
// nothing is left running or on disk even when the event loop never gets another turn.
const cleanups = new Set();
function registerCleanup(fn) {
    cleanups.add(fn);
    return () => {
        cleanups.delete(fn);
    };
}
function runAllCleanups() {
    for (const fn of [...cleanups]) {
        cleanups.delete(fn);
        try {
            fn();
        }
        catch {
            // Best effort: one failed undo must not stop the others.
        }
    }
}
function pendingCleanups() {
    return cleanups.size;
}
/** Route SIGINT/SIGTERM to an abort (graceful first) and, on a second signal or when the
 *  graceful path takes too long, to the synchronous cleanups and exit 128+n. */
function installSignalHandlers(abort, graceMs = 10_000) {
    const numbers = { SIGINT: 2, SIGTERM: 15 };
    let received = false;
    const handler = (signal) => {
        if (received) {
            runAllCleanups();
            process.exit(128 + (numbers[signal] ?? 1));
        }
        received = true;
        abort(signal);
        setTimeout(() => {
            runAllCleanups();
            process.exit(128 + (numbers[signal] ?? 1));
        }, graceMs).unref();
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
    };
}

;// CONCATENATED MODULE: ./.build/src/analysis/lines.js
// Byte stream → lines, without losing anything: a last line without a newline is delivered
// at end(), and a single huge line is delivered in bounded pieces instead of growing a buffer
// without limit. '\r' before '\n' is dropped (serial consoles send CRLF).
const MAX_LINE_BYTES = 1024 * 1024;
class LineSplitter {
    onLine;
    holdBack;
    pending = [];
    pendingBytes = 0;
    /** `onLine(text, raw, newline)`: `raw` is the exact bytes, `newline` whether a '\n' ended them. */
    constructor(onLine, 
    /** Bytes kept back when a huge line is cut, so a marker at its end is never split. */
    holdBack = 0) {
        this.onLine = onLine;
        this.holdBack = holdBack;
    }
    push(chunk) {
        let start = 0;
        for (;;) {
            const nl = chunk.indexOf(10, start);
            if (nl < 0)
                break;
            const piece = chunk.subarray(start, nl);
            const raw = this.pendingBytes ? Buffer.concat([...this.pending, piece]) : piece;
            this.pending = [];
            this.pendingBytes = 0;
            this.deliver(raw, true);
            start = nl + 1;
        }
        if (start < chunk.length) {
            const rest = chunk.subarray(start);
            this.pending.push(rest);
            this.pendingBytes += rest.length;
            if (this.pendingBytes >= MAX_LINE_BYTES) {
                const all = Buffer.concat(this.pending);
                const keep = all.subarray(all.length - this.holdBack);
                this.pending = keep.length ? [keep] : [];
                this.pendingBytes = keep.length;
                this.deliver(all.subarray(0, all.length - this.holdBack), false);
            }
        }
    }
    end() {
        if (this.pendingBytes) {
            const raw = Buffer.concat(this.pending);
            this.pending = [];
            this.pendingBytes = 0;
            this.deliver(raw, false);
        }
    }
    deliver(raw, newline) {
        let text = raw.toString('utf8');
        if (text.endsWith('\r'))
            text = text.slice(0, -1);
        this.onLine(text, raw, newline);
    }
}

;// CONCATENATED MODULE: ./.build/src/analysis/tail.js
// The one bounded line buffer: the last lines of a stream, bounded by count and by size. The
// engine keeps the console this way for splat detection, the reporters keep their log groups,
// rolling windows and failure tails this way. A guest printing megabyte-long lines for hours
// must not make the host hold more than the bounds.
/**
 * The last lines pushed: at most `maxLines` of them and, past that, about `maxChars`
 * characters (the newest line is always kept, however long). Pushing is O(1) amortised:
 * dropped lines are skipped by an index and the array is compacted in batches (a splice per
 * line made a 50 MB output take minutes).
 */
class LineTail {
    maxLines;
    maxChars;
    lines = [];
    head = 0;
    chars = 0;
    dropped = 0;
    constructor(maxLines, maxChars = Number.POSITIVE_INFINITY) {
        this.maxLines = maxLines;
        this.maxChars = maxChars;
    }
    push(line) {
        this.lines.push(line);
        this.chars += line.length;
        while (this.kept > this.maxLines || (this.chars > this.maxChars && this.kept > 1)) {
            this.chars -= this.lines[this.head].length;
            this.head++;
            this.dropped++;
        }
        if (this.head >= 1024 && this.head * 2 >= this.lines.length) {
            this.lines = this.lines.slice(this.head);
            this.head = 0;
        }
    }
    /** Lines held now. */
    get kept() {
        return this.lines.length - this.head;
    }
    /** Lines ever pushed. */
    get total() {
        return this.dropped + this.kept;
    }
    /** Lines pushed but no longer held. */
    get omitted() {
        return this.dropped;
    }
    toArray() {
        return this.lines.slice(this.head);
    }
    /** The newest `n` lines held (fewer when fewer are held). */
    last(n) {
        return this.lines.slice(Math.max(this.head, this.lines.length - Math.max(0, n)));
    }
}

;// CONCATENATED MODULE: ./.build/src/vm/qemu-process.js
// The QEMU child process: spawn from a built argv, the serial console split into lines,
// stderr kept for error messages, and a synchronous kill registered for signal cleanup.






class QemuNotFoundError extends Error {
    constructor(program) {
        // Upstream's exact text.
        super(`Did not find QEMU binary ${program}. Make sure QEMU is installed`);
        this.name = 'QemuNotFoundError';
    }
}
let guardChecked = false;
let guardPath;
/** util-linux `setpriv` when it supports --pdeathsig (checked once per process), else none. */
function deathGuard() {
    if (!guardChecked) {
        guardChecked = true;
        const setpriv = process.platform === 'linux' ? findProgram('setpriv', process.env.PATH, ['/usr/bin', '/bin']) : undefined;
        if (setpriv &&
            (0,external_node_child_process_namespaceObject.spawnSync)(setpriv, ['--pdeathsig', 'SIGKILL', '--', 'true'], { stdio: 'ignore', timeout: 5_000 }).status === 0)
            guardPath = setpriv;
    }
    return guardPath;
}
const CONSOLE_TAIL = 200;
/** Console lines can be a megabyte each: the tail for error messages is bounded by size too. */
const CONSOLE_TAIL_CHARS = 1024 * 1024;
const STDERR_MAX = 64 * 1024;
/** How long the console may sit on an unfinished line before it is shown to `onPartial`:
 *  boot code and prompts (`grub rescue> `, "press any key ...") end without a newline. */
const PARTIAL_IDLE_MS = 200;
/** How much of an unfinished line is kept for `onPartial` (what the watchers look at). */
const PARTIAL_MAX_CHARS = 4096;
class QemuProcess {
    child;
    exited;
    alive = true;
    tail = new LineTail(CONSOLE_TAIL, CONSOLE_TAIL_CHARS);
    stderr = '';
    unregister;
    /** The console's unfinished last line (its first PARTIAL_MAX_CHARS), as latin1 text. */
    partial = '';
    partialTimer;
    /** When the console last said anything (Date.now()); 0 before it did. */
    lastOutputAt = 0;
    constructor(child, handlers) {
        this.child = child;
        const console = new LineSplitter((line) => {
            this.tail.push(line);
            handlers.onConsole(line);
        });
        child.stdout?.on('data', (chunk) => {
            this.lastOutputAt = Date.now();
            // First: a line that ends in this chunk is no longer unfinished when it is delivered.
            this.trackPartial(chunk, handlers.onPartial);
            console.push(chunk);
        });
        child.stderr?.on('data', (chunk) => {
            if (this.stderr.length < STDERR_MAX)
                this.stderr += chunk.toString('utf8');
        });
        this.exited = new Promise((resolve) => {
            child.on('close', (code, signal) => {
                clearTimeout(this.partialTimer);
                this.partial = '';
                console.end();
                this.alive = false;
                this.unregister();
                resolve({ code, signal });
            });
            child.on('error', () => {
                // 'close' follows; spawn errors are reported through stderr text below.
                this.stderr += `failed to start ${child.spawnfile}\n`;
            });
        });
        this.unregister = registerCleanup(() => this.kill());
    }
    /** `stdin: 'pipe'` only for the interactive shell, whose keys the caller feeds in. */
    static spawn(program, args, opts) {
        const resolved = findProgram(program, opts.env?.PATH ?? process.env.PATH);
        if (!resolved)
            throw new QemuNotFoundError(program);
        // Signal handlers and cleanups cannot run when this process is SIGKILLed (the runner's
        // last resort): QEMU would live on. setpriv sets its parent-death signal, then execs QEMU
        // (same pid), so the kernel kills QEMU with us. (The signal follows the thread that
        // spawned QEMU: the engine runs on the main thread, never in a worker.)
        const guard = deathGuard();
        const [file, argv] = guard ? [guard, ['--pdeathsig', 'SIGKILL', '--', resolved, ...args]] : [resolved, args];
        // stdin is /dev/null unless asked: `-serial mon:stdio` must never read the runner's
        // terminal by accident.
        const child = (0,external_node_child_process_namespaceObject.spawn)(file, argv, { stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
        return new QemuProcess(child, opts);
    }
    isAlive() {
        return this.alive;
    }
    /** The last `n` console lines, an unfinished last line included. */
    consoleTail(n = 50) {
        const partial = this.partial.trim() ? this.partial.replace(/\r$/, '') : undefined;
        return partial === undefined ? this.tail.last(n) : [...this.tail.last(Math.max(0, n - 1)), partial];
    }
    /** Keep the text after the chunk's last newline (or add to it), and show it to `onPartial`
     *  once the console stays idle on it. */
    trackPartial(chunk, onPartial) {
        const nl = chunk.lastIndexOf(10);
        const rest = chunk.subarray(nl + 1, nl + 1 + PARTIAL_MAX_CHARS).toString('latin1');
        this.partial = nl >= 0 ? rest : (this.partial + rest).slice(0, PARTIAL_MAX_CHARS);
        clearTimeout(this.partialTimer);
        if (!onPartial || !this.partial)
            return;
        this.partialTimer = setTimeout(() => {
            if (this.partial)
                onPartial(this.partial);
        }, PARTIAL_IDLE_MS);
        this.partialTimer.unref();
    }
    stderrText() {
        return this.stderr.trim();
    }
    kill() {
        if (this.alive && this.child.pid !== undefined) {
            try {
                this.child.kill('SIGKILL');
            }
            catch {
                // already gone
            }
        }
    }
    /** Wait for QEMU to exit, killing it after `ms`. */
    async waitOrKill(ms) {
        let timer;
        const killed = new Promise((resolve) => {
            timer = setTimeout(() => {
                this.kill();
                resolve();
            }, ms);
        });
        await Promise.race([this.exited, killed]);
        clearTimeout(timer);
        return this.exited;
    }
}
/** Wait until every path exists (QEMU creates its server sockets), QEMU dies, or `ms` pass. */
async function waitForFiles(paths, qemu, ms) {
    const end = Date.now() + ms;
    while (Date.now() < end) {
        if (paths.every((p) => (0,external_node_fs_namespaceObject.existsSync)(p)))
            return true;
        if (!qemu.isAlive())
            return false;
        await new Promise((r) => setTimeout(r, 5));
    }
    return paths.every((p) => (0,external_node_fs_namespaceObject.existsSync)(p));
}

;// CONCATENATED MODULE: ./.build/src/vm/waits.js
// The waits of a VM session: `Fatal` ends every wait at once when something fatal happens
// (QEMU exits, the kernel panics, the run is cancelled), and an unref'd `sleep` that never
// holds the process open.
/** Reject with `reason` once any of the fatal conditions fires; `race` wraps every wait. */
class Fatal {
    rejectFn;
    promise;
    controller = new AbortController();
    error;
    constructor() {
        this.promise = new Promise((_, reject) => (this.rejectFn = reject));
        this.promise.catch(() => { });
    }
    fire(e) {
        if (this.error)
            return;
        this.error = e;
        this.controller.abort(e);
        this.rejectFn(e);
    }
    race(p) {
        return Promise.race([p, this.promise]);
    }
}
function sleep(ms) {
    return new Promise((r) => setTimeout(r, ms).unref());
}

;// CONCATENATED MODULE: ./.build/src/vm/virtiofsd.js
// The virtiofsd daemons of one boot with `shared_fs = "virtiofs"`: one per share (the root,
// /mnt/vmtest, each vm.mounts entry), listening in the target's work dir before QEMU starts
// (QEMU connects to each socket at start-up and fails without it), and gone with the VM.
// Each is killed by its PID on every path: a normal shutdown, a failure, a signal (the
// cleanup registry), and our own death (setpriv's parent-death signal, as for QEMU).








/** How long a daemon may take to create its socket (the Rust one through a loader: ~50 ms). */
const SOCKET_WAIT_MS = 5_000;
const virtiofsd_STDERR_MAX = 16 * 1024;
/** Where the `index`-th share's daemon listens (inside the target's work dir). */
function virtiofsSocketPath(dir, index) {
    return (0,external_node_path_namespaceObject.join)(dir, `vfs${index}.sock`);
}
/**
 * A kernel without virtiofs (and no initramfs to load it) cannot mount its root and panics:
 * the panic alone does not say why, so the error names the setting and the kernel options.
 */
function virtiofsRootHint(target, panic) {
    if (target.vm.sharedFs !== 'virtiofs' || !/VFS: Unable to mount root fs|Cannot open root device/.test(panic))
        return panic;
    return `${panic}: the kernel cannot mount its root over virtiofs (shared_fs = "virtiofs"); it needs ${VIRTIOFS_KCONFIG}, built in or as modules under the rootfs's /lib/modules for the generated initramfs, or use shared_fs = "9p"`;
}
const infoCache = new Map();
/** The implementation behind `daemon`, asked once per path and process (`--help`). */
function probe(daemon) {
    if (!infoCache.has(daemon.path)) {
        const r = (0,external_node_child_process_namespaceObject.spawnSync)(daemon.path, ['--help'], {
            encoding: 'utf8',
            timeout: 10_000,
            env: { ...process.env, ...daemon.env },
        });
        infoCache.set(daemon.path, virtiofsdInfo(`${r.stdout ?? ''}${r.stderr ?? ''}`));
    }
    return infoCache.get(daemon.path);
}
/** Refusals known before anything starts: no daemon, an unknown one, or a read-only share
 *  it cannot keep read-only. */
function virtiofsdProblem(daemon, shares) {
    if (!daemon)
        return 'shared_fs = "virtiofs" needs virtiofsd on the host (Debian 12: qemu-system-common; Debian 13, Ubuntu 24.04: the virtiofsd package; or set VMTEST_VIRTIOFSD)';
    const info = probe(daemon);
    if (!info)
        return `${daemon.path} does not look like virtiofsd (its --help names neither --shared-dir nor -o source=)`;
    return shares.some((s) => s.readonly) ? readonlyProblem(info, daemon.path) : undefined;
}
class Daemon {
    share;
    socket;
    child;
    exited;
    alive = true;
    stderr = '';
    constructor(share, socket, child) {
        this.share = share;
        this.socket = socket;
        this.child = child;
        child.stderr?.on('data', (chunk) => {
            if (this.stderr.length < virtiofsd_STDERR_MAX)
                this.stderr += chunk.toString('utf8');
        });
        this.exited = new Promise((resolve) => {
            child.on('close', () => {
                this.alive = false;
                resolve();
            });
            child.on('error', (e) => {
                this.stderr += `failed to start: ${e.message}\n`;
            });
        });
    }
    isAlive() {
        return this.alive;
    }
    stderrText() {
        return this.stderr.trim();
    }
    kill() {
        if (!this.alive || this.child.pid === undefined)
            return;
        try {
            this.child.kill('SIGKILL');
        }
        catch {
            // already gone
        }
    }
}
/** The daemons of one boot; `stop()` is safe to call any number of times. */
class VirtiofsDaemons {
    daemons;
    unregister;
    constructor(daemons) {
        this.daemons = daemons;
        this.unregister = registerCleanup(() => this.killAll());
    }
    /** Start one daemon per share, on the plan's sockets, and wait for every socket.
     *  Throws a TargetError (with the daemon's stderr) when one does not come up; none is
     *  left running then. */
    static async start({ daemon, shares, sockets }, env) {
        const info = probe(daemon);
        if (!info)
            throw new TargetError(virtiofsdProblem(daemon, shares) ?? 'virtiofsd unusable');
        const asRoot = process.geteuid?.() === 0;
        const guard = deathGuard();
        const started = [];
        for (const [i, share] of shares.entries()) {
            const socket = sockets[i];
            const { argv } = virtiofsdCommand(daemon.path, info, { source: share.source, socket, readonly: share.readonly }, asRoot);
            const [file, args] = guard ? [guard, ['--pdeathsig', 'SIGKILL', '--', ...argv]] : [argv[0], argv.slice(1)];
            const child = (0,external_node_child_process_namespaceObject.spawn)(file, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...env, ...daemon.env } });
            started.push(new Daemon(share, socket, child));
        }
        const set = new VirtiofsDaemons(started);
        try {
            await set.waitForSockets();
        }
        catch (e) {
            await set.stop();
            throw e;
        }
        return set;
    }
    /** Socket paths in share order, for QEMU's -chardev options. */
    sockets() {
        return this.daemons.map((d) => d.socket);
    }
    /** PIDs, for tests that check nothing is left. */
    pids() {
        return this.daemons.map((d) => d.child.pid).filter((p) => p !== undefined);
    }
    /** What the daemons said on stderr, for an error message when QEMU or a mount fails. */
    stderrText() {
        return this.daemons
            .map((d) => (d.stderrText() ? `virtiofsd (${d.share.tag}): ${d.stderrText()}` : ''))
            .filter(Boolean)
            .join('\n');
    }
    /** Kill every daemon and wait until each has exited. */
    async stop() {
        this.killAll();
        await Promise.all(this.daemons.map((d) => Promise.race([d.exited, sleep(5_000)])));
        this.unregister();
    }
    killAll() {
        for (const d of this.daemons)
            d.kill();
    }
    async waitForSockets() {
        const end = Date.now() + SOCKET_WAIT_MS;
        for (;;) {
            const dead = this.daemons.find((d) => !d.isAlive());
            if (dead)
                throw new TargetError(`virtiofsd for ${dead.share.path} (${dead.share.source}) exited at start${dead.stderrText() ? `: ${dead.stderrText()}` : ''}`);
            if (this.daemons.every((d) => (0,external_node_fs_namespaceObject.existsSync)(d.socket)))
                return;
            if (Date.now() > end)
                throw new TargetError(`virtiofsd did not create its sockets within ${SOCKET_WAIT_MS / 1000} s${this.stderrText() ? `: ${this.stderrText()}` : ''}`);
            // A timer that holds the process open: nothing else may while the daemons start.
            await new Promise((r) => setTimeout(r, 5));
        }
    }
}

;// CONCATENATED MODULE: ./.build/src/vm/boot-prep.js













/** QEMU's program and argv for the target, with its files written: for a kernel target the
 *  init and what it runs, ending its reports on the output port with `marker`. */
function prepareArgv(ctx, accel, work, emit, marker) {
    const { target, options } = ctx;
    // Setup's findings when there was a setup step, else the system's: looked up once, here.
    const setup = ctx.setup ?? systemHostSetup([target.arch]);
    const note = (line) => emit({ type: 'setup', target, line });
    let initGuestPath;
    let initramfs;
    let firmware;
    let imageFormat;
    if (target.kind === 'kernel') {
        const hostRoot = target.rootfs === '/';
        const path = initPath(hostRoot ? process.env.PATH : undefined);
        const busybox = findGuestBusybox(target.rootfs, path);
        // The interactive shell starts where a command would run: the config's folder when the
        // guest shares the host root.
        const screen = ctx.terminal?.output;
        const shell = isInteractive(target)
            ? { dir: hostRoot ? target.sharedDir : '/', rows: screen?.rows, columns: screen?.columns }
            : undefined;
        const network = target.vm.network === 'user';
        const init = renderInit({
            path,
            busybox,
            shares: guestShares(target, options.workspaceMount),
            interactiveShell: shell,
            debug: guestDebug(process.env),
            network,
            sharedFs: target.vm.sharedFs,
        });
        // The command starts where upstream's agent would start it: the config's folder when the
        // guest shares the host root, else the init's (/); with exactly the host's environment.
        const command = shell
            ? undefined
            : {
                text: target.command,
                cwd: hostRoot ? target.sharedDir : '',
                env: guestEnvironment(process.env, { withhold: options.envWithhold, pass: options.envPass }),
            };
        initGuestPath = work.writeInit(target.rootfs, init, {
            ...initCompanions(),
            [HANDOVER_FILE]: renderHandover({ marker, command }),
        });
        const boot = prepareBootPath({
            kernel: target.kernel,
            rootfs: target.rootfs,
            mode: options.initramfs,
            arch: target.arch,
            dir: work.dir,
            fallbackBusybox: setup.busybox,
            extraModules: network ? NETWORK_MODULES : [],
            kernelModules: target.kernelModules,
            sharedFs: target.vm.sharedFs,
        });
        note(`boot path: ${boot.initrd ? 'generated initramfs' : `direct ${target.vm.sharedFs ?? '9p'} root`}`);
        for (const line of boot.log)
            note(line);
        initramfs = boot.initrd;
    }
    else {
        const noFirmware = imageBootProblem(target);
        if (noFirmware)
            throw new TargetError(noFirmware);
        imageFormat = detectImageFormat(target.image);
        if (target.uefi)
            firmware = resolveUefiFirmware(target, setup.uefiFirmware[target.arch]);
        note(`image: ${target.image} (${imageFormat}, ${options.writeImage ? 'written through: write_image is on' : 'not modified: changes go to a throw-away snapshot'})`);
    }
    const virtiofs = virtiofsPlan(ctx, setup, work);
    const built = buildQemuArgv(target, {
        accel,
        sockets: work.sockets,
        initGuestPath,
        initramfs,
        firmware,
        imageFormat,
        writeImage: options.writeImage,
        workspaceMount: options.workspaceMount,
        virtiofsSockets: virtiofs?.sockets,
    });
    const setupPath = setup.qemuPaths[target.arch];
    const program = setupPath && target.qemuCommand === archFacts(target.arch).program ? setupPath : built.program;
    const args = setup.qemuDataDir ? ['-L', setup.qemuDataDir, ...built.args] : built.args;
    note(`qemu: ${program}`);
    return { program, args, virtiofs };
}
/** `shared_fs = "virtiofs"`: the daemon, its shares and their sockets, refused here (before
 *  anything starts) when the host cannot serve them as asked. */
function virtiofsPlan(ctx, setup, work) {
    if (ctx.target.vm.sharedFs !== 'virtiofs')
        return undefined;
    const shares = virtiofsShares(ctx.target, ctx.options.workspaceMount);
    const problem = virtiofsdProblem(setup.virtiofsd, shares);
    if (problem)
        throw new TargetError(problem);
    return { daemon: setup.virtiofsd, shares, sockets: shares.map((_, i) => virtiofsSocketPath(work.dir, i)) };
}

;// CONCATENATED MODULE: ./.build/src/vm/boot-stall.js
/** How long the console and the disk must stay quiet after the firmware's last word: a
 *  few times the longest such pause seen in a healthy boot under TCG on a loaded runner. */
const BOOT_SILENCE_MS = 10_000;
/** How long boot code may go on without reading the disk or starting a kernel, printing or
 *  not: longer than any boot menu's usual countdown. */
const NO_PROGRESS_MS = 30_000;
const TICK_MS = 1_000;
/** Register samples taken to confirm paging is off (a kernel that has just started may not
 *  have turned it on in the first sample). */
const NO_PAGING_SAMPLES = 3;
const SAMPLE_GAP_MS = 100;
const CR0_PG = 0x8000_0000;
const QMP_TIMEOUT_MS = 2_000;
class BootStallWatch {
    o;
    timer;
    busy = false;
    readBytes;
    readAt = 0;
    last;
    constructor(o) {
        this.o = o;
    }
    start() {
        this.timer = setInterval(() => void this.tick(), TICK_MS);
        this.timer.unref();
    }
    stop() {
        clearInterval(this.timer);
        this.timer = undefined;
    }
    async tick() {
        if (this.busy || !this.timer)
            return;
        this.busy = true;
        try {
            await this.check();
        }
        catch (e) {
            // QEMU going away mid-question: its exit is reported elsewhere. Kept for the deadline's
            // message, in case QMP stopped answering while QEMU lived on.
            this.last = { ...this.last, at: Date.now(), error: e instanceof Error ? e.message : String(e) };
        }
        finally {
            this.busy = false;
        }
    }
    async check() {
        const suspect = this.o.watch.armed();
        // (A failed question is remembered until QEMU answers one.)
        this.last = { at: Date.now(), armedSince: suspect?.since, error: this.last?.error };
        if (!suspect)
            return;
        const bytes = await this.diskReadBytes();
        this.last.error = undefined;
        if (bytes !== this.readBytes) {
            this.readBytes = bytes;
            this.readAt = Date.now();
        }
        const now = Date.now();
        const diskQuietSince = Math.max(suspect.since, this.readAt);
        const quietSince = Math.max(diskQuietSince, this.o.lastOutputAt());
        Object.assign(this.last, { at: now, readAt: diskQuietSince, quietSince });
        const silent = now - quietSince >= BOOT_SILENCE_MS;
        // Boot code that prints and prints (junk from code running wild, a menu nobody answers)
        // but neither reads the disk nor starts a kernel is as stuck as a silent one.
        const stuck = !suspect.failed && now - diskQuietSince >= NO_PROGRESS_MS;
        if (!silent && !stuck)
            return;
        if (!suspect.failed && !(await this.pagingOff()))
            return;
        // Something may have spoken (a kernel?) while we asked.
        const still = this.o.watch.armed();
        if (this.timer && still && still.since === suspect.since) {
            this.stop(); // once: the boot is over
            this.o.onStall(still, Math.round((silent ? BOOT_SILENCE_MS : NO_PROGRESS_MS) / 1000), silent);
        }
    }
    /** What the watch last saw, as a clause for an error message: why it did not call the boot
     *  stalled before a deadline did. */
    lastLook(now = Date.now()) {
        const l = this.last;
        if (!l)
            return 'the boot-stall check had not run yet';
        const secs = (t) => Math.round((now - t) / 1000);
        const ago = (t) => `${secs(t)} s ago`;
        const parts = [`the boot-stall check last looked ${ago(l.at)}`];
        if (l.error)
            parts.push(`its question to QEMU failed (${l.error})`);
        if (l.armedSince === undefined)
            parts.push("the firmware's hand-over to the disk had not been seen");
        else {
            parts.push(`the firmware handed over ${ago(l.armedSince)}`);
            if (l.readAt !== undefined)
                parts.push(`the disk was last read ${ago(l.readAt)}`);
            if (l.quietSince !== undefined)
                parts.push(`console and disk quiet for ${secs(l.quietSince)} s`);
            if (l.cr0 !== undefined)
                parts.push(`CR0=${l.cr0}`);
        }
        return parts.join(', ');
    }
    /** Bytes read from every disk so far. */
    async diskReadBytes() {
        const stats = await this.o.qmp.execute('query-blockstats', undefined, QMP_TIMEOUT_MS);
        return stats.reduce((sum, s) => sum + (s.stats?.rd_bytes ?? 0), 0);
    }
    /** Whether the boot CPU has paging off (CR0.PG clear, so no long mode either) in every one
     *  of a few samples. */
    async pagingOff() {
        for (let i = 0; i < NO_PAGING_SAMPLES; i++) {
            if (i > 0)
                await new Promise((r) => setTimeout(r, SAMPLE_GAP_MS).unref());
            const regs = await this.o.qmp.execute('human-monitor-command', { 'command-line': 'info registers' }, QMP_TIMEOUT_MS);
            const cr0 = /\bCR0=([0-9a-f]+)/i.exec(regs)?.[1];
            if (this.last)
                this.last.cr0 = cr0;
            if (cr0 === undefined || (Number.parseInt(cr0, 16) & CR0_PG) !== 0)
                return false;
        }
        return true;
    }
}

;// CONCATENATED MODULE: ./.build/src/vm/errors.js
// Typed errors of the QMP and guest-agent clients. Each names the socket path and what the
// client was waiting for, so an engine can show the message as is and branch on the class.
/** How much of unexpected peer output goes into an error message. */
const SEEN_LIMIT = 200;
/**
 * A printable, bounded rendering of bytes a peer sent: control and non-UTF-8 bytes become
 * escapes (the QGA sentinel shows as `\xff`), and anything past `limit` characters is cut
 * with a note of how much was left out.
 */
function describeSeen(data, limit = SEEN_LIMIT, total) {
    const text = typeof data === 'string' ? data : data.toString('latin1');
    // Callers may pass only the head of something larger, with its real size as `total`.
    const size = Math.max(total ?? text.length, text.length);
    const shown = text.slice(0, limit);
    let out = '';
    for (const ch of shown) {
        const code = ch.codePointAt(0) ?? 0;
        if (ch === '\n')
            out += '\\n';
        else if (ch === '\r')
            out += '\\r';
        else if (ch === '\t')
            out += '\\t';
        else if (code < 0x20 || (code >= 0x7f && code <= 0xff))
            out += `\\x${code.toString(16).padStart(2, '0')}`;
        else
            out += ch;
    }
    if (size > limit)
        out += `… (${size - Math.min(limit, text.length)} more bytes)`;
    return out;
}
/** A wait with an explicit deadline ran out. */
class TimeoutError extends Error {
    what;
    timeoutMs;
    name = 'TimeoutError';
    constructor(
    /** What was awaited, e.g. `reply to QMP 'query-status' on /tmp/x/qmp.sock`. */
    what, timeoutMs) {
        super(`Timed out after ${timeoutMs} ms waiting for ${what}`);
        this.what = what;
        this.timeoutMs = timeoutMs;
    }
}
/** The socket closed (by the peer, or by this client) while something was still awaited. */
class ConnectionClosedError extends Error {
    path;
    byPeer;
    partial;
    name = 'ConnectionClosedError';
    constructor(path, byPeer, 
    /** Bytes of an unfinished message that were pending when the peer closed, if any. */
    partial, options) {
        super(byPeer
            ? `${path}: connection closed by the peer` +
                (partial ? ` in the middle of a message (received so far: ${partial})` : '')
            : `${path}: connection was closed by this client`, options);
        this.path = path;
        this.byPeer = byPeer;
        this.partial = partial;
    }
}
/** The socket could not be opened at all (no socket file, nobody listening, …). */
class SocketConnectError extends Error {
    path;
    code;
    name = 'SocketConnectError';
    constructor(path, 
    /** The errno code from node, e.g. `ENOENT` or `ECONNREFUSED`. */
    code, options) {
        super(`Cannot connect to ${path}: ${code}`, options);
        this.path = path;
        this.code = code;
    }
}
/** The peer sent something that is not the protocol (not JSON, wrong shape, too large). */
class ProtocolError extends Error {
    path;
    detail;
    seen;
    name = 'ProtocolError';
    constructor(path, detail, 
    /** What was received, already bounded to about SEEN_LIMIT characters. */
    seen) {
        super(`${path}: ${detail}; received: ${seen}`);
        this.path = path;
        this.detail = detail;
        this.seen = seen;
    }
}
/** A QMP (or guest agent) command was answered with `{"error": {"class", "desc"}}`. */
class QmpCommandError extends Error {
    command;
    errorClass;
    desc;
    protocol;
    name = 'QmpCommandError';
    constructor(command, errorClass, desc, protocol = 'QMP') {
        super(`${protocol} command '${command}' failed: ${errorClass}: ${desc}`);
        this.command = command;
        this.errorClass = errorClass;
        this.desc = desc;
        this.protocol = protocol;
    }
}
/** A guest-agent command's error reply; a QmpCommandError, as QGA speaks the same QAPI. */
class QgaCommandError extends QmpCommandError {
    name = 'QgaCommandError';
    constructor(command, errorClass, desc) {
        super(command, errorClass, desc, 'QGA');
    }
}
/** The agent never answered a sync before the deadline. */
class AgentConnectError extends Error {
    path;
    attempts;
    elapsedMs;
    counts;
    last;
    name = 'AgentConnectError';
    constructor(path, attempts, elapsedMs, 
    /** Counts of each outcome over all attempts. */
    counts, 
    /** The last few attempts, oldest first. */
    last) {
        super(agentConnectMessage(path, attempts, elapsedMs, counts, last));
        this.path = path;
        this.attempts = attempts;
        this.elapsedMs = elapsedMs;
        this.counts = counts;
        this.last = last;
    }
}
function agentConnectMessage(path, attempts, elapsedMs, counts, last) {
    // The first words are upstream's message, so people searching for it find this one.
    const head = `Timed out waiting for QGA connection on ${path}`;
    if (attempts === 0)
        return `${head}: the deadline passed before a first attempt`;
    const seconds = (elapsedMs / 1000).toFixed(1);
    const tally = Object.keys(counts)
        .filter((k) => counts[k] > 0)
        .map((k) => `${k} ×${counts[k]}`)
        .join(', ');
    const recent = last.map((a) => `#${a.n} ${a.what} (${a.detail})`).join('; ');
    return `${head}: ${attempts} attempt(s) in ${seconds} s saw ${tally}; last attempts: ${recent}`;
}
/** Upstream's exact text for QEMU exiting before the agent answered. */
const QEMU_EXITED_DURING_QGA = 'Qemu exited while trying to connect to QGA. Did the guest panic?';
/** The QEMU process exited while a client was still waiting for it. */
class QemuExitedError extends Error {
    name = 'QemuExitedError';
    constructor(message = QEMU_EXITED_DURING_QGA) {
        super(message);
    }
}

;// CONCATENATED MODULE: external "node:net"
const external_node_net_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");
;// CONCATENATED MODULE: ./.build/src/vm/jsonsock.js
// JSON objects over a unix socket, shared by the QMP and guest-agent clients.
//
// Both peers write one JSON object per line, but nothing here relies on the newlines: the
// framer follows braces and strings, so partial chunks, several objects in one chunk and
// objects split anywhere (even inside a multi-byte character) all come out whole. The guest
// agent's 0xFF sentinel byte (sent before a guest-sync-delimited reply) resets the framer,
// as the QGA protocol asks: whatever partial data came before it is stale.



/** The byte the guest agent puts before a guest-sync-delimited reply (never valid UTF-8). */
const SENTINEL = 0xff;
/** No QMP/QGA message comes near this; guest-exec-status output is capped at 16 MiB raw. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** Received messages nobody has taken yet, at most (count and bytes). Both clients take
 *  every reply they asked for at once, so only a peer sending what nobody asked for (a
 *  flooding or broken agent) reaches this: its connection is then failed, not its backlog
 *  kept. */
const MAX_QUEUED_MESSAGES = 1024;
const MAX_QUEUED_BYTES = 64 * 1024 * 1024;
function isWhitespace(b) {
    return b === CHAR.space || b === CHAR.tab || b === CHAR.lf || b === CHAR.cr;
}
/** setTimeout's limit; a longer (or infinite) wait gets no timer rather than a 1 ms one. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** A timer for a finite wait, or undefined for a wait without limit. */
function timerFor(ms, fn) {
    return Number.isFinite(ms) && ms <= MAX_TIMER_MS ? setTimeout(fn, ms) : undefined;
}
/**
 * Incremental splitter of a byte stream into JSON objects. Pure (no I/O) so the framing
 * cases are tested without sockets. Work is linear in the input: chunks of an unfinished
 * object are kept as a list and joined once when the object ends.
 */
class JsonFramer {
    maxMessageBytes;
    parts = [];
    size = 0;
    inObject = false;
    depth = 0;
    inString = false;
    escape = false;
    skipping = false;
    failed = false;
    discardedBytes = 0;
    discardedSample = [];
    discardedSampleSize = 0;
    constructor(maxMessageBytes = MAX_MESSAGE_BYTES) {
        this.maxMessageBytes = maxMessageBytes;
    }
    /**
     * Drop everything until the next 0xFF sentinel. The guest agent's protocol allows this
     * after sending guest-sync-delimited: data before the sentinel is stale.
     */
    skipUntilSentinel() {
        this.skipping = true;
    }
    /** Bytes dropped while skipping or by a sentinel cutting a partial message. */
    get discarded() {
        return { bytes: this.discardedBytes, sample: describeSeen(Buffer.concat(this.discardedSample)) };
    }
    /** The unfinished message received so far, bounded, or '' when between messages. */
    partial() {
        return this.inObject ? describeSeen(headOf(this.parts), SEEN_LIMIT, this.size) : '';
    }
    push(chunk) {
        const messages = [];
        const sizes = [];
        if (this.failed)
            return { messages, sizes };
        let segStart = this.inObject ? 0 : -1;
        for (let i = 0; i < chunk.length; i++) {
            const b = chunk[i];
            if (b === SENTINEL) {
                if (this.inObject) {
                    if (segStart >= 0 && i > segStart)
                        this.parts.push(chunk.subarray(segStart, i));
                    for (const p of this.parts)
                        this.noteDiscarded(p);
                    this.resetObject();
                }
                this.skipping = false;
                segStart = -1;
                continue;
            }
            if (this.skipping) {
                // Drop the whole run up to the next sentinel at once; the loop then meets it.
                const s = chunk.indexOf(SENTINEL, i);
                const end = s === -1 ? chunk.length : s;
                this.noteDiscarded(chunk.subarray(i, end));
                i = end - 1;
                continue;
            }
            if (!this.inObject) {
                if (isWhitespace(b))
                    continue;
                if (b === CHAR.openBrace) {
                    this.inObject = true;
                    this.depth = 1;
                    segStart = i;
                    continue;
                }
                return this.fail(messages, sizes, 'expected a JSON object', garbageFrom(chunk, i));
            }
            if (this.inString) {
                if (this.escape)
                    this.escape = false;
                else if (b === CHAR.backslash)
                    this.escape = true;
                else if (b === CHAR.quote)
                    this.inString = false;
                continue;
            }
            if (b === CHAR.quote)
                this.inString = true;
            else if (b === CHAR.openBrace || b === CHAR.openBracket)
                this.depth++;
            else if (b === CHAR.closeBrace || b === CHAR.closeBracket) {
                this.depth--;
                if (this.depth === 0) {
                    this.parts.push(chunk.subarray(segStart, i + 1));
                    const raw = Buffer.concat(this.parts);
                    this.resetObject();
                    segStart = -1;
                    const parsed = parseObject(raw);
                    if ('error' in parsed)
                        return this.fail(messages, sizes, parsed.error, describeSeen(raw));
                    messages.push(parsed.value);
                    sizes.push(raw.length);
                }
            }
        }
        if (this.inObject && segStart >= 0 && segStart < chunk.length) {
            const rest = chunk.subarray(segStart);
            this.parts.push(rest);
            this.size += rest.length;
            if (this.size > this.maxMessageBytes) {
                const seen = describeSeen(headOf(this.parts), SEEN_LIMIT, this.size);
                return this.fail(messages, sizes, `message longer than ${this.maxMessageBytes} bytes`, seen);
            }
        }
        return { messages, sizes };
    }
    fail(messages, sizes, detail, seen) {
        this.failed = true;
        return { messages, sizes, error: { detail, seen } };
    }
    resetObject() {
        this.parts = [];
        this.size = 0;
        this.inObject = false;
        this.depth = 0;
        this.inString = false;
        this.escape = false;
    }
    noteDiscarded(bytes) {
        this.discardedBytes += bytes.length;
        if (this.discardedSampleSize <= SEEN_LIMIT) {
            this.discardedSample.push(bytes.subarray(0, SEEN_LIMIT + 1 - this.discardedSampleSize));
            this.discardedSampleSize += Math.min(bytes.length, SEEN_LIMIT + 1);
        }
    }
}
/** The first SEEN_LIMIT + 1 bytes of `parts` (one more than shown, so the cut is noted). */
function headOf(parts) {
    const head = [];
    let size = 0;
    for (const p of parts) {
        if (size > SEEN_LIMIT)
            break;
        head.push(p);
        size += p.length;
    }
    return Buffer.concat(head).subarray(0, SEEN_LIMIT + 1);
}
/** Garbage from `i` to the end of its line (or of the chunk), bounded. */
function garbageFrom(chunk, i) {
    const nl = chunk.indexOf(CHAR.lf, i);
    const end = nl === -1 ? chunk.length : nl + 1;
    return describeSeen(chunk.subarray(i, Math.min(end, i + SEEN_LIMIT)), SEEN_LIMIT, end - i);
}
function parseObject(raw) {
    try {
        const value = JSON.parse(raw.toString('utf8'));
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
            return { error: 'expected a JSON object' };
        }
        return { value: value };
    }
    catch (e) {
        return { error: `invalid JSON (${e.message})` };
    }
}
/**
 * A connected unix socket carrying JSON objects. Incoming objects queue up until `next()`
 * takes them; the first failure (peer closed, garbage, socket error, `close()`) is sticky:
 * queued objects are still handed out, then every `next()` rejects with that failure. A
 * queue past its bounds is the one failure that drops what was queued.
 */
class JsonSocket {
    socket;
    path;
    maxQueued;
    framer = new JsonFramer();
    queue = [];
    queuedBytes = 0;
    waiters = [];
    failure;
    closed;
    constructor(socket, path, maxQueued = { messages: MAX_QUEUED_MESSAGES, bytes: MAX_QUEUED_BYTES }) {
        this.socket = socket;
        this.path = path;
        this.maxQueued = maxQueued;
        this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
        socket.on('data', (chunk) => this.onData(chunk));
        // allowHalfOpen is off, so 'end' is followed by our own end and 'close'.
        socket.on('end', () => this.fail(new ConnectionClosedError(path, true, this.framer.partial() || undefined)));
        socket.on('error', (err) => this.fail(new ConnectionClosedError(path, true, this.framer.partial() || undefined, { cause: err })));
        socket.on('close', () => this.fail(new ConnectionClosedError(path, true, this.framer.partial() || undefined)));
    }
    /** Open `path`; SocketConnectError when nobody listens there, TimeoutError after timeoutMs. */
    static connect(path, opts) {
        return new Promise((resolve, reject) => {
            const { signal } = opts;
            if (signal?.aborted) {
                reject(signal.reason);
                return;
            }
            const socket = external_node_net_namespaceObject.createConnection({ path });
            const cleanup = () => {
                clearTimeout(timer);
                signal?.removeEventListener('abort', onAbort);
                socket.removeListener('connect', onConnect);
                socket.removeListener('error', onError);
                // A late error on a socket given up on must not become an uncaught exception.
                socket.on('error', () => { });
            };
            const onConnect = () => {
                cleanup();
                // Listeners are attached synchronously here, before any 'data' can be emitted.
                resolve(new JsonSocket(socket, path, opts.maxQueued));
            };
            const onError = (err) => {
                cleanup();
                socket.destroy();
                reject(new SocketConnectError(path, err.code ?? err.message, { cause: err }));
            };
            const onAbort = () => {
                cleanup();
                socket.destroy();
                reject(signal?.reason);
            };
            const timer = timerFor(opts.timeoutMs, () => {
                cleanup();
                socket.destroy();
                reject(new TimeoutError(`a connection to ${path}`, opts.timeoutMs));
            });
            socket.once('connect', onConnect);
            socket.once('error', onError);
            signal?.addEventListener('abort', onAbort, { once: true });
        });
    }
    /** True until the socket failed or was closed. */
    get isOpen() {
        return this.failure === undefined;
    }
    /** Number of received objects nobody has taken yet. */
    get queued() {
        return this.queue.length;
    }
    get discarded() {
        return this.framer.discarded;
    }
    skipUntilSentinel() {
        this.framer.skipUntilSentinel();
    }
    /** Write one object as a line; `prefix` goes first (the QGA sentinel). */
    send(msg, prefix) {
        if (this.failure)
            throw this.failure;
        const line = Buffer.from(JSON.stringify(msg) + '\n', 'utf8');
        this.socket.write(prefix ? Buffer.concat([prefix, line]) : line);
    }
    /** The next received object. */
    next(opts) {
        const queued = this.queue.shift();
        if (queued) {
            this.queuedBytes -= queued.size;
            return Promise.resolve(queued.msg);
        }
        if (this.failure)
            return Promise.reject(this.failure);
        const { signal } = opts;
        if (signal?.aborted)
            return Promise.reject(signal.reason);
        if (opts.timeoutMs <= 0)
            return Promise.reject(new TimeoutError(opts.what, 0));
        return new Promise((resolve, reject) => {
            const onAbort = () => {
                remove();
                reject(signal?.reason);
            };
            const waiter = {
                resolve,
                reject,
                cleanup: () => {
                    clearTimeout(timer);
                    signal?.removeEventListener('abort', onAbort);
                },
            };
            const remove = () => {
                waiter.cleanup();
                const i = this.waiters.indexOf(waiter);
                if (i >= 0)
                    this.waiters.splice(i, 1);
            };
            const timer = timerFor(opts.timeoutMs, () => {
                remove();
                reject(new TimeoutError(opts.what, opts.timeoutMs));
            });
            signal?.addEventListener('abort', onAbort, { once: true });
            this.waiters.push(waiter);
        });
    }
    /** Close the socket (idempotent); resolves once node has released it. */
    async close() {
        this.fail(new ConnectionClosedError(this.path, false));
        await this.closed;
    }
    onData(chunk) {
        if (this.failure)
            return;
        const { messages, sizes, error } = this.framer.push(chunk);
        for (const [i, msg] of messages.entries()) {
            const waiter = this.waiters.shift();
            if (waiter) {
                waiter.cleanup();
                waiter.resolve(msg);
                continue;
            }
            this.queue.push({ msg, size: sizes[i] });
            this.queuedBytes += sizes[i];
            if (this.queue.length > this.maxQueued.messages || this.queuedBytes > this.maxQueued.bytes) {
                this.overflow(msg);
                return;
            }
        }
        if (error)
            this.fail(new ProtocolError(this.path, error.detail, error.seen));
    }
    /** The peer sent more than anyone asked for: drop the backlog, fail the connection. */
    overflow(latest) {
        const { length } = this.queue;
        const bytes = this.queuedBytes;
        this.queue = [];
        this.queuedBytes = 0;
        const detail = `${length} messages (${bytes} bytes) arrived that nobody asked for (at most ${this.maxQueued.messages} messages or ${this.maxQueued.bytes} bytes are kept unread): the peer floods the socket`;
        this.fail(new ProtocolError(this.path, detail, describeSeen(JSON.stringify(latest))));
    }
    fail(err) {
        if (this.failure)
            return;
        this.failure = err;
        for (const waiter of this.waiters.splice(0)) {
            waiter.cleanup();
            waiter.reject(err);
        }
        this.socket.destroy();
    }
}

;// CONCATENATED MODULE: ./.build/src/vm/qga.js
// A client for the QEMU guest agent (qemu-ga) on the host side of its virtio-serial port.
//
// Connecting is the delicate part. The host end of the port is a QEMU chardev socket that
// accepts connections long before the guest has booted, and the agent ignores whatever was
// written on a connection opened too early. So each attempt opens a FRESH socket, sends
// guest-sync-delimited with a random id and waits a bounded time for the echo of THAT id;
// replies with other ids are stale (left over from an earlier attempt) and skipped. After a
// command times out the stream is re-synchronised the same way before the next command.
//
// The agent answers requests strictly in order and one at a time, so commands here are
// serialised and need no ids (old agents reject unknown request members).



const DEFAULT_ATTEMPT_TIMEOUT_MS = 5000;
const DEFAULT_RETRY_DELAY_MS = 1000;
const DEFAULT_FAST_RETRY_DELAY_MS = 100;
const DEFAULT_ALIVE_POLL_MS = 100;
const DEFAULT_QGA_COMMAND_TIMEOUT_MS = 10_000;
/** How many attempts an AgentConnectError describes one by one. */
const ATTEMPTS_IN_ERROR = 3;
/**
 * `version` ("major.minor[.micro…]", as guest-info reports it) is at least major.minor.
 * Compares the pair as a whole, unlike upstream, which compared major and minor separately
 * and so took 9.0 and 10.0 to be older than 8.1. Anything unparseable counts as too old.
 */
function versionAtLeast(version, major, minor) {
    const m = /^\s*(\d+)\.(\d+)(?:\.\d+)?(?:[^\d.]|$)/.exec(version);
    if (!m)
        return false;
    const [vMajor, vMinor] = [Number(m[1]), Number(m[2])];
    return vMajor > major || (vMajor === major && vMinor >= minor);
}
/** capture-output "merged" arrived in qemu-ga 8.1. */
function agentSupportsMergedOutput(version) {
    return versionAtLeast(version, 8, 1);
}
/** The shell convention: a signal death is 128 + signal, so it is never mistaken for 0. */
function exitCodeOf(status, path = 'the guest process') {
    if (status.signal !== undefined)
        return 128 + status.signal;
    if (status.exitcode !== undefined)
        return status.exitcode;
    throw new ProtocolError(path, 'guest-exec-status reports an exit without exitcode or signal', describeSeen(JSON.stringify(status)));
}
class QgaClient {
    sock;
    path;
    syncMode;
    commandTimeoutMs;
    attempts;
    connectMs;
    needsSync = false;
    lock = Promise.resolve();
    agentVersion;
    constructor(sock, path, syncMode, commandTimeoutMs, 
    /** Attempts it took to connect, and how long. */
    attempts, connectMs) {
        this.sock = sock;
        this.path = path;
        this.syncMode = syncMode;
        this.commandTimeoutMs = commandTimeoutMs;
        this.attempts = attempts;
        this.connectMs = connectMs;
    }
    /** Connect and synchronise with the agent; see the file comment and QgaConnectOptions. */
    static async connect(path, opts) {
        const attemptTimeoutMs = opts.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
        const retryDelayMs = opts.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
        const fastRetryDelayMs = opts.fastRetryDelayMs ?? DEFAULT_FAST_RETRY_DELAY_MS;
        const syncMode = opts.sync ?? 'delimited';
        const started = Date.now();
        opts.signal?.throwIfAborted();
        if (opts.isAlive && !opts.isAlive())
            throw new QemuExitedError();
        // One internal signal ends every wait at once: the caller's abort, or QEMU dying.
        const stop = new AbortController();
        const onAbort = () => stop.abort(opts.signal?.reason);
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        const isAlive = opts.isAlive;
        const aliveTimer = isAlive
            ? setInterval(() => {
                if (!isAlive())
                    stop.abort(new QemuExitedError());
            }, opts.alivePollMs ?? DEFAULT_ALIVE_POLL_MS)
            : undefined;
        const counts = { nothing: 0, garbage: 0, closed: 0, refused: 0 };
        const last = [];
        try {
            for (let n = 1;; n++) {
                if (isAlive && !isAlive())
                    throw new QemuExitedError();
                stop.signal.throwIfAborted();
                const remaining = opts.deadline - Date.now();
                if (remaining <= 0)
                    throw new AgentConnectError(path, n - 1, Date.now() - started, counts, last);
                const result = await attempt(path, Math.min(attemptTimeoutMs, remaining), syncMode, stop.signal);
                if ('sock' in result) {
                    opts.onAttempt?.(n, 'ok');
                    return new QgaClient(result.sock, path, syncMode, opts.commandTimeoutMs ?? DEFAULT_QGA_COMMAND_TIMEOUT_MS, n, Date.now() - started);
                }
                counts[result.what]++;
                last.push({ n, ...result });
                if (last.length > ATTEMPTS_IN_ERROR)
                    last.shift();
                opts.onAttempt?.(n, result.what, result.detail);
                const pause = result.what === 'refused' || result.what === 'closed' ? fastRetryDelayMs : retryDelayMs;
                await delay(Math.min(pause, opts.deadline - Date.now()), stop.signal);
            }
        }
        catch (e) {
            // Whatever wait was cut short, report why it was cut.
            if (stop.signal.aborted)
                throw stop.signal.reason;
            throw e;
        }
        finally {
            if (aliveTimer)
                clearInterval(aliveTimer);
            opts.signal?.removeEventListener('abort', onAbort);
        }
    }
    /** Run a command; resolves with its `return` value, QgaCommandError on an error reply. */
    execute(command, args, timeoutMs = this.commandTimeoutMs) {
        return this.exclusive(async () => {
            // Anything already waiting in the queue answers nothing we asked: resynchronise.
            if (this.needsSync || this.sock.queued > 0) {
                await syncOn(this.sock, this.syncMode, timeoutMs);
                this.needsSync = false;
            }
            this.sock.send(args === undefined ? { execute: command } : { execute: command, arguments: args });
            let reply;
            try {
                reply = await this.sock.next({ timeoutMs, what: `reply to QGA '${command}' on ${this.path}` });
            }
            catch (e) {
                // The reply may still come and would be taken for the next command's.
                if (e instanceof TimeoutError)
                    this.needsSync = true;
                throw e;
            }
            if ('error' in reply) {
                const err = (reply.error ?? {});
                throw new QgaCommandError(command, String(err.class ?? 'unknown'), String(err.desc ?? ''));
            }
            if (!('return' in reply)) {
                throw new ProtocolError(this.path, `expected a reply to '${command}'`, describeSeen(JSON.stringify(reply)));
            }
            return reply.return;
        });
    }
    /** guest-info: the agent's version and enabled commands. */
    async info(timeoutMs) {
        const r = await this.execute('guest-info', undefined, timeoutMs);
        if (typeof r?.version !== 'string') {
            throw new ProtocolError(this.path, 'guest-info reply without a version', describeSeen(JSON.stringify(r)));
        }
        this.agentVersion = r.version;
        const commands = (r.supported_commands ?? []).filter((c) => c.enabled !== false).map((c) => String(c.name));
        return { version: r.version, commands };
    }
    /** The agent version from the last info(), if it was asked. */
    get version() {
        return this.agentVersion;
    }
    /**
     * guest-exec; resolves with the guest pid. When info() has shown an agent older than 8.1,
     * a 'merged' capture falls back to separate streams (which such agents understand).
     */
    async exec(req, timeoutMs) {
        const args = { path: req.path };
        if (req.args)
            args.arg = [...req.args];
        if (req.env)
            args.env = Array.isArray(req.env) ? [...req.env] : Object.entries(req.env).map(([k, v]) => `${k}=${v}`);
        if (req.inputData !== undefined)
            args['input-data'] = Buffer.from(req.inputData).toString('base64');
        if (req.captureOutput === 'merged') {
            args['capture-output'] =
                this.agentVersion === undefined || agentSupportsMergedOutput(this.agentVersion) ? 'merged' : true;
        }
        else if (req.captureOutput !== undefined) {
            args['capture-output'] = req.captureOutput;
        }
        const r = await this.execute('guest-exec', args, timeoutMs);
        if (typeof r?.pid !== 'number') {
            throw new ProtocolError(this.path, 'guest-exec reply without a pid', describeSeen(JSON.stringify(r)));
        }
        return r.pid;
    }
    /** guest-exec-status, with the output base64-decoded. */
    async execStatus(pid, timeoutMs) {
        const r = await this.execute('guest-exec-status', { pid }, timeoutMs);
        if (typeof r?.exited !== 'boolean') {
            throw new ProtocolError(this.path, 'guest-exec-status reply without "exited"', describeSeen(JSON.stringify(r)));
        }
        const status = { exited: r.exited };
        if (typeof r.exitcode === 'number')
            status.exitcode = r.exitcode;
        if (typeof r.signal === 'number')
            status.signal = r.signal;
        if (typeof r['out-data'] === 'string')
            status.outData = Buffer.from(r['out-data'], 'base64');
        if (typeof r['err-data'] === 'string')
            status.errData = Buffer.from(r['err-data'], 'base64');
        if (typeof r['out-truncated'] === 'boolean')
            status.outTruncated = r['out-truncated'];
        if (typeof r['err-truncated'] === 'boolean')
            status.errTruncated = r['err-truncated'];
        return status;
    }
    /** Poll guest-exec-status until the process exits. */
    async execWait(pid, opts = {}) {
        const maxPoll = opts.pollMs ?? 250;
        let pause = Math.min(opts.firstPollMs ?? 10, maxPoll);
        const deadline = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
        for (;;) {
            opts.signal?.throwIfAborted();
            const status = await this.execStatus(pid);
            if (status.exited)
                return status;
            const remaining = deadline - Date.now();
            if (remaining <= 0) {
                throw new TimeoutError(`guest process ${pid} to exit (agent ${this.path})`, opts.timeoutMs ?? 0);
            }
            await delay(Math.min(pause, remaining), opts.signal);
            pause = Math.min(pause * 2, maxPoll);
        }
    }
    /** exec + execWait: run `path args` in the guest and collect its exit code and output. */
    async run(path, args, opts = {}) {
        const pid = await this.exec({
            path,
            args,
            env: opts.env,
            captureOutput: opts.captureOutput ?? true,
            inputData: opts.inputData,
        });
        const status = await this.execWait(pid, opts);
        return {
            exitCode: exitCodeOf(status, `${path} (guest pid ${pid})`),
            signal: status.signal,
            out: status.outData ?? Buffer.alloc(0),
            err: status.errData ?? Buffer.alloc(0),
            outTruncated: status.outTruncated ?? false,
            errTruncated: status.errTruncated ?? false,
        };
    }
    async close() {
        await this.sock.close();
    }
    exclusive(fn) {
        const run = this.lock.then(fn, fn);
        this.lock = run.catch(() => undefined);
        return run;
    }
}
/** One connection attempt: open, sync, and either hand over the socket or close it. */
async function attempt(path, timeoutMs, mode, signal) {
    const started = Date.now();
    let sock;
    try {
        sock = await JsonSocket.connect(path, { timeoutMs, signal });
    }
    catch (e) {
        if (e instanceof SocketConnectError)
            return { what: 'refused', detail: e.code };
        if (e instanceof TimeoutError)
            return { what: 'nothing', detail: `connect did not complete in ${timeoutMs} ms` };
        throw e;
    }
    try {
        await syncOn(sock, mode, Math.max(1, timeoutMs - (Date.now() - started)), signal);
        return { sock };
    }
    catch (e) {
        await sock.close();
        if (e instanceof TimeoutError) {
            const { bytes, sample } = sock.discarded;
            if (bytes > 0)
                return { what: 'garbage', detail: `no sync reply in ${timeoutMs} ms; skipped ${bytes} bytes: ${sample}` };
            return { what: 'nothing', detail: `no sync reply in ${timeoutMs} ms${staleNote(e)}` };
        }
        if (e instanceof ConnectionClosedError)
            return { what: 'closed', detail: e.message };
        if (e instanceof ProtocolError)
            return { what: 'garbage', detail: `${e.detail}: ${e.seen}` };
        throw e;
    }
}
class SyncTimeoutError extends TimeoutError {
    stale;
    constructor(what, timeoutMs, stale) {
        super(what, timeoutMs);
        this.stale = stale;
    }
}
function staleNote(e) {
    return e instanceof SyncTimeoutError && e.stale > 0 ? ` (${e.stale} stale replies ignored)` : '';
}
/**
 * Send a sync with a fresh random id and skip everything until its echo. Resolves with the
 * number of stale messages skipped. Delimited sync: the request starts with 0xFF (the agent
 * drops any half-read input) and bytes before the reply's 0xFF are dropped unparsed.
 */
async function syncOn(sock, mode, timeoutMs, signal) {
    const id = (0,external_node_crypto_namespaceObject.randomInt)(1, 2 ** 31 - 1);
    const until = Date.now() + timeoutMs;
    const command = mode === 'delimited' ? 'guest-sync-delimited' : 'guest-sync';
    if (mode === 'delimited') {
        sock.skipUntilSentinel();
        sock.send({ execute: command, arguments: { id } }, Buffer.from([SENTINEL]));
    }
    else {
        sock.send({ execute: command, arguments: { id } });
    }
    let stale = 0;
    for (;;) {
        let msg;
        try {
            msg = await sock.next({ timeoutMs: until - Date.now(), what: `QGA ${command} reply on ${sock.path}`, signal });
        }
        catch (e) {
            if (e instanceof TimeoutError)
                throw new SyncTimeoutError(e.what, timeoutMs, stale);
            throw e;
        }
        if (msg.return === id)
            return stale;
        stale++;
    }
}
/** A pause that ends early, with the signal's reason, when the signal aborts. */
function delay(ms, signal) {
    if (signal?.aborted)
        return Promise.reject(signal.reason);
    if (ms <= 0)
        return Promise.resolve();
    return new Promise((resolve, reject) => {
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal?.reason);
        };
        const timer = timerFor(ms, () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        });
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}

;// CONCATENATED MODULE: ./.build/src/vm/command-run.js



/** How long the port may stay silent, after the wrapper exited, before the end marker is
 *  given up on (it never comes when the wrapper was killed or the port is missing). */
const MARKER_IDLE_MS = 1_000;
/** Upper bound of that wait even while bytes keep coming (a daemon still writing). */
const MARKER_DRAIN_MAX_MS = 60_000;
async function drainUntilMarker(port, until) {
    let seen = false;
    void port.ended.then(() => (seen = true));
    let bytes = port.bytes;
    let quietSince = Date.now();
    while (!seen && Date.now() < until) {
        await Promise.race([port.ended, sleep(50)]);
        if (port.bytes !== bytes) {
            bytes = port.bytes;
            quietSince = Date.now();
        }
        else if (Date.now() - quietSince >= MARKER_IDLE_MS) {
            return;
        }
    }
}
/** An image target: the command through its agent, in the agent's directory and environment. */
async function runCommand(ctx, qga, port, agentVersion, fatal) {
    const { target, options } = ctx;
    const inv = commandInvocation(target.command, '', port.marker);
    const pid = await fatal.race(qga.exec({
        path: inv.path,
        args: inv.args,
        captureOutput: agentSupportsMergedOutput(agentVersion) ? 'merged' : true,
    }));
    let markerSeen = false;
    void port.ended.then(() => (markerSeen = true));
    const deadline = options.commandTimeout ? Date.now() + options.commandTimeout * 1000 : Infinity;
    let interval = 50;
    let status;
    for (;;) {
        const wait = Math.min(markerSeen ? 5 : interval, deadline - Date.now());
        if (wait <= 0)
            return { exitCode: null, timedOut: true };
        await fatal.race(Promise.race([markerSeen ? sleep(wait) : port.ended.then(() => undefined), sleep(wait)]));
        status = await fatal.race(qga.execStatus(pid));
        if (status.exited)
            break;
        if (!markerSeen)
            interval = Math.min(interval * 2, 500);
    }
    // The port can trail the agent by megabytes: what the command wrote before it exited may
    // still sit in the guest's virtqueue and QEMU's socket buffer. Shutting down now would
    // drop it, so wait for the end marker while output keeps arriving.
    if (!markerSeen)
        await fatal.race(drainUntilMarker(port, Math.min(deadline, Date.now() + MARKER_DRAIN_MAX_MS)));
    // Only non-empty when the output port was missing (the wrapper then falls back to this).
    for (const data of [status.outData, status.errData])
        if (data?.length)
            port.inject(data);
    return { exitCode: exitCodeOf(status, 'the command wrapper'), timedOut: false };
}
/** A kernel target: the end marker our init sends once the command's wrapper has ended (its
 *  output is all before it, in the same pipe), or the command timeout. */
async function awaitInitCommand(port, timeoutMs, fatal) {
    const timedOut = timeoutMs === undefined ? new Promise(() => { }) : sleep(timeoutMs).then(() => 'timeout');
    const status = await fatal.race(Promise.race([port.ended, timedOut]));
    return status === 'timeout' ? { exitCode: null, timedOut: true } : { exitCode: status, timedOut: false };
}

;// CONCATENATED MODULE: ./.build/src/vm/output-port.js
// The host end of the guest's `org.qemu.virtio_serial.0` port: the command's merged stdout
// and stderr, live. Every byte goes to the command log verbatim (nothing lost or reordered,
// whatever the encoding); lines go to the event stream. The command's end comes as
// `<marker> <status>\n` (from a kernel target's init, or the wrapper an image's agent runs):
// seeing it tells us the command finished without polling anything. A kernel target's init
// also says `<marker> ready <release>\n` first: the guest is up, and runs that kernel.


const NEWLINE = Buffer.from('\n');
const READY = 'ready ';
class OutputPort {
    opts;
    socket;
    log;
    splitter;
    markerBuf;
    /** Log bytes of the lines split from the current chunk, written together by flushLog(). */
    pending = [];
    endResolve;
    readyResolve;
    /** Resolves with the status the wrapper reported, when its end marker arrives. */
    ended;
    /** Resolves with the guest kernel's release when a kernel target's init says it is up. */
    ready;
    bytes = 0;
    marker;
    constructor(opts) {
        this.opts = opts;
        this.marker = opts.marker;
        this.markerBuf = Buffer.from(opts.marker);
        this.ended = new Promise((r) => (this.endResolve = r));
        this.ready = new Promise((r) => (this.readyResolve = r));
        this.splitter = new LineSplitter((text, raw, newline) => this.line(text, raw, newline), this.markerBuf.length + 16);
        this.log = opts.log;
    }
    /** Connect to QEMU's socket server (it exists once QEMU has started). */
    async connect(timeoutMs = 5000) {
        const socket = (0,external_node_net_namespaceObject.connect)(this.opts.socketPath);
        await new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`timed out connecting to the output port ${this.opts.socketPath}`)), timeoutMs);
            socket.once('connect', () => {
                clearTimeout(timer);
                resolve();
            });
            socket.once('error', (e) => {
                clearTimeout(timer);
                reject(e);
            });
        });
        socket.on('error', () => {
            // QEMU exiting closes the socket; the lifecycle reports why.
        });
        socket.on('data', (chunk) => {
            this.bytes += chunk.length;
            this.splitter.push(chunk);
            this.flushLog();
        });
        this.socket = socket;
    }
    line(text, raw, newline) {
        const at = raw.indexOf(this.markerBuf);
        if (at >= 0) {
            // Output that did not end in a newline shares the marker's line.
            if (at > 0)
                this.emit(raw.subarray(0, at).toString('utf8'), raw.subarray(0, at), false);
            const rest = raw
                .subarray(at + this.markerBuf.length)
                .toString('latin1')
                .trim();
            if (rest.startsWith(READY))
                return this.readyResolve(Buffer.from(rest.slice(READY.length), 'latin1').toString('utf8').trim());
            const status = Number.parseInt(rest, 10);
            this.endResolve(Number.isFinite(status) ? status : -1);
            return;
        }
        this.emit(text, raw, newline);
    }
    emit(text, raw, newline) {
        if (this.log) {
            this.pending.push(raw);
            if (newline)
                this.pending.push(NEWLINE);
        }
        this.opts.onLine(text);
    }
    /** One log write per chunk read, not per line: a command printing short lines fast would
     *  otherwise spend the host's time in stream bookkeeping (measured by `npm run bench`). */
    flushLog() {
        if (!this.log || this.pending.length === 0)
            return;
        const data = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
        this.pending = [];
        // Pause the guest rather than buffer without bound when the disk is slower.
        if (!this.log.write(data) && this.socket && !this.socket.isPaused()) {
            this.socket.pause();
            this.log.onDrain(() => this.socket?.resume());
        }
    }
    /** Output that reached us another way (the agent's capture), through the same log/lines. */
    inject(data) {
        const split = new LineSplitter((text, raw, newline) => this.emit(text, raw, newline));
        split.push(data);
        split.end();
        this.flushLog();
    }
    /** Deliver a trailing partial line to the log and the lines; the log stays open. */
    async close() {
        this.socket?.destroy();
        this.splitter.end();
        this.flushLog();
        this.log = undefined;
    }
}

;// CONCATENATED MODULE: external "node:timers/promises"
const external_node_timers_promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");
;// CONCATENATED MODULE: ./.build/src/vm/qmp.js
// A small QMP (QEMU Machine Protocol) client: greeting, capabilities negotiation, commands
// with ids and a timeout each.
//
// One read loop takes every message off the socket and dispatches it: replies go to the
// pending command with the same id, asynchronous events (nobody here needs them) are
// dropped. So an event can never be taken for a reply, and a reply that arrives after its
// command timed out is dropped too.



const DEFAULT_QMP_TIMEOUT_MS = 5000;
const DEFAULT_QMP_COMMAND_TIMEOUT_MS = 10_000;
class QmpClient {
    sock;
    greeting;
    nextId = 1;
    pending = new Map();
    failure;
    constructor(sock, greeting) {
        this.sock = sock;
        this.greeting = greeting;
    }
    /**
     * Connect to QEMU's QMP socket, read the greeting and leave negotiation mode. QEMU creates
     * the socket file some time after it starts, so a missing or refusing socket is retried
     * until `timeoutMs`.
     */
    static async connect(path, opts = {}) {
        const timeoutMs = opts.timeoutMs ?? DEFAULT_QMP_TIMEOUT_MS;
        const deadline = Date.now() + timeoutMs;
        const sock = await connectWithRetry(path, deadline, timeoutMs, opts);
        try {
            const first = await sock.next({
                timeoutMs: Math.max(0, deadline - Date.now()),
                what: `the QMP greeting on ${path}`,
                signal: opts.signal,
            });
            const greeting = parseGreeting(path, first);
            const client = new QmpClient(sock, greeting);
            void client.readLoop();
            await client.execute('qmp_capabilities', undefined, Math.max(1, deadline - Date.now()));
            return client;
        }
        catch (e) {
            await sock.close();
            // Name the whole budget, not the remainder the last wait happened to get.
            if (e instanceof TimeoutError)
                throw new TimeoutError(e.what, timeoutMs);
            throw e;
        }
    }
    /** Run `command`; resolves with its `return` value, QmpCommandError on an error reply. */
    execute(command, args, timeoutMs = DEFAULT_QMP_COMMAND_TIMEOUT_MS) {
        if (this.failure)
            return Promise.reject(this.failure);
        const id = this.nextId++;
        return new Promise((resolve, reject) => {
            const timer = timerFor(timeoutMs, () => {
                this.pending.delete(id);
                reject(new TimeoutError(`reply to QMP '${command}' on ${this.sock.path}`, timeoutMs));
            });
            this.pending.set(id, { command, resolve: resolve, reject, timer });
            try {
                this.sock.send(args === undefined ? { execute: command, id } : { execute: command, arguments: args, id });
            }
            catch (e) {
                clearTimeout(timer);
                this.pending.delete(id);
                reject(e);
            }
        });
    }
    /**
     * Ask QEMU to exit. QEMU answers and then closes the socket as it goes, possibly before the
     * reply is read: a closed connection counts as success. The client is closed afterwards.
     */
    async quit(timeoutMs = DEFAULT_QMP_TIMEOUT_MS) {
        try {
            await this.execute('quit', undefined, timeoutMs);
        }
        catch (e) {
            if (!(e instanceof ConnectionClosedError && e.byPeer)) {
                await this.close();
                throw e;
            }
        }
        await this.close();
    }
    async close() {
        await this.sock.close();
    }
    async readLoop() {
        for (;;) {
            let msg;
            try {
                msg = await this.sock.next({ timeoutMs: Infinity, what: `QMP messages on ${this.sock.path}` });
            }
            catch (e) {
                this.fail(e);
                return;
            }
            try {
                this.dispatch(msg);
            }
            catch (e) {
                // Not QMP: nothing further on this socket can be trusted.
                this.fail(e);
                await this.sock.close();
                return;
            }
        }
    }
    dispatch(msg) {
        if (typeof msg.event === 'string')
            return;
        if (!('return' in msg) && !('error' in msg)) {
            throw new ProtocolError(this.sock.path, 'expected a QMP reply or event', describeSeen(JSON.stringify(msg)));
        }
        // QEMU echoes our id. A reply without one answers a request QEMU could not even parse,
        // which can only be the oldest outstanding one, as QEMU handles requests in order.
        const id = typeof msg.id === 'number' ? msg.id : 'id' in msg ? undefined : this.pending.keys().next().value;
        if (id === undefined)
            return;
        const p = this.pending.get(id);
        if (!p)
            return; // a late reply to a command that timed out
        this.pending.delete(id);
        clearTimeout(p.timer);
        if ('error' in msg) {
            const err = (msg.error ?? {});
            p.reject(new QmpCommandError(p.command, String(err.class ?? 'unknown'), String(err.desc ?? '')));
        }
        else {
            p.resolve(msg.return);
        }
    }
    fail(err) {
        if (this.failure)
            return;
        this.failure = err;
        for (const p of this.pending.values()) {
            clearTimeout(p.timer);
            p.reject(err);
        }
        this.pending.clear();
    }
}
async function connectWithRetry(path, deadline, timeoutMs, opts) {
    const retryMs = opts.retryMs ?? 20;
    for (;;) {
        const remaining = deadline - Date.now();
        try {
            return await JsonSocket.connect(path, { timeoutMs: Math.max(1, remaining), signal: opts.signal });
        }
        catch (e) {
            if (!(e instanceof SocketConnectError))
                throw e;
            if (opts.isAlive && !opts.isAlive()) {
                throw new QemuExitedError(`QEMU exited before its QMP socket ${path} accepted a connection`);
            }
            if (deadline - Date.now() <= retryMs) {
                throw new TimeoutError(`QMP socket ${path} to accept a connection (last error: ${e.code})`, timeoutMs);
            }
            await (0,external_node_timers_promises_namespaceObject.setTimeout)(retryMs, undefined, { signal: opts.signal });
        }
    }
}
function parseGreeting(path, msg) {
    const qmp = msg.QMP;
    if (!qmp || typeof qmp !== 'object') {
        throw new ProtocolError(path, 'expected the QMP greeting {"QMP": …}', describeSeen(JSON.stringify(msg)));
    }
    const v = qmp.version?.qemu;
    return {
        version: {
            qemu: { major: Number(v?.major ?? 0), minor: Number(v?.minor ?? 0), micro: Number(v?.micro ?? 0) },
            package: String(qmp.version?.package ?? ''),
        },
        capabilities: Array.isArray(qmp.capabilities) ? qmp.capabilities.map(String) : [],
    };
}

;// CONCATENATED MODULE: ./.build/src/vm/terminal-link.js

/** Joins `terminal` to `child` (spawned with a piped stdin and stdout); returns the undo. */
function linkTerminal(terminal, child) {
    const { input, output } = terminal;
    const raw = Boolean(input.isTTY && input.setRawMode);
    if (raw)
        input.setRawMode?.(true);
    const toGuest = (chunk) => {
        child.stdin?.write(chunk);
    };
    const toUser = (chunk) => {
        output.write(chunk);
    };
    input.on('data', toGuest);
    input.resume();
    child.stdout?.on('data', toUser);
    child.stdin?.on('error', () => {
        // QEMU gone while the user typed: nothing to deliver to.
    });
    let undone = false;
    const undo = () => {
        if (undone)
            return;
        undone = true;
        input.off('data', toGuest);
        // A paused stdin no longer holds the event loop open.
        input.pause();
        child.stdout?.off('data', toUser);
        if (raw)
            input.setRawMode?.(false);
    };
    const unregister = registerCleanup(undo);
    return () => {
        undo();
        unregister();
    };
}

;// CONCATENATED MODULE: ./.build/src/vm/workdir.js
// A private directory per target for QEMU's sockets, the initramfs and logs of the run: never
// fixed /tmp names, so two runs (or two parallel targets) cannot collide. Its name and an
// `owner` file record the process that made it, so a later run can remove the folders of
// runs that were killed (SIGKILL leaves no chance to clean up) without touching live ones.





// sun_path holds 108 bytes; leave room for the socket names.
const MAX_SOCKET_DIR = 90;
/** `vmtest-<owner pid>-XXXXXX`: only folders named so are ever swept. */
const OWN_DIR = /^vmtest-(\d+)-[A-Za-z0-9]{6}$/;
/** Inside each folder: `<pid> <pid namespace>`, written right after it is made. */
const OWNER_FILE = 'owner';
function baseTempDir() {
    const base = (0,external_node_os_namespaceObject.tmpdir)();
    return base.length + 30 < MAX_SOCKET_DIR ? base : '/tmp';
}
let swept = false;
function createWorkDir() {
    const base = baseTempDir();
    if (!swept) {
        swept = true;
        removeStaleWorkDirs(base);
    }
    const dir = (0,external_node_fs_namespaceObject.mkdtempSync)((0,external_node_path_namespaceObject.join)(base, `vmtest-${process.pid}-`));
    (0,external_node_fs_namespaceObject.writeFileSync)((0,external_node_path_namespaceObject.join)(dir, OWNER_FILE), `${process.pid} ${pidNamespace()}\n`, { flag: 'wx' });
    const extra = [];
    const remove = () => {
        for (const p of [dir, ...extra])
            (0,external_node_fs_namespaceObject.rmSync)(p, { recursive: true, force: true });
    };
    const unregister = registerCleanup(remove);
    return {
        dir,
        sockets: { qmp: (0,external_node_path_namespaceObject.join)(dir, 'qmp.sock'), qga: (0,external_node_path_namespaceObject.join)(dir, 'qga.sock'), output: (0,external_node_path_namespaceObject.join)(dir, 'out.sock') },
        writeInit(rootfs, text, besides = {}) {
            // With the host root shared, the private dir is visible in the guest at the same
            // path. Another rootfs gets its own temp dir inside it (its /tmp must be writable).
            const hostDir = rootfs === '/' ? dir : initDirInRoot(rootfs);
            if (hostDir !== dir)
                extra.push(hostDir);
            // `wx`: a fresh folder holds nothing, and never write through a link.
            for (const [name, content] of Object.entries(besides)) {
                const path = (0,external_node_path_namespaceObject.join)(hostDir, name);
                if (name.includes('/'))
                    (0,external_node_fs_namespaceObject.mkdirSync)((0,external_node_path_namespaceObject.dirname)(path), { recursive: true });
                if (typeof content === 'string')
                    (0,external_node_fs_namespaceObject.writeFileSync)(path, content, { flag: 'wx' });
                else if ('link' in content)
                    (0,external_node_fs_namespaceObject.symlinkSync)(content.link, path);
                else
                    (0,external_node_fs_namespaceObject.mkdirSync)(path);
            }
            const file = (0,external_node_path_namespaceObject.join)(hostDir, 'init.sh');
            (0,external_node_fs_namespaceObject.writeFileSync)(file, text, { flag: 'wx' });
            (0,external_node_fs_namespaceObject.chmodSync)(file, 0o755);
            return rootfs === '/' ? file : '/' + (0,external_node_path_namespaceObject.relative)((0,external_node_fs_namespaceObject.realpathSync)(rootfs), file);
        },
        remove() {
            remove();
            unregister();
        },
    };
}
/**
 * A fresh folder for the init in the guest's /tmp, found as the guest sees it: a dedicated
 * rootfs's `tmp` may be a link (planted by an earlier guest) that, followed on the host,
 * would make us write the init into a host folder. Refused unless its real path is inside.
 */
function initDirInRoot(rootfs) {
    const root = (0,external_node_fs_namespaceObject.realpathSync)(rootfs);
    const tmp = resolveInRoot(root, 'tmp');
    (0,external_node_fs_namespaceObject.mkdirSync)(tmp, { recursive: true });
    const made = (0,external_node_fs_namespaceObject.mkdtempSync)((0,external_node_path_namespaceObject.join)(tmp, 'vmtest-'));
    const real = (0,external_node_fs_namespaceObject.realpathSync)(made);
    if (!isInside(root, real)) {
        (0,external_node_fs_namespaceObject.rmSync)(made, { recursive: true, force: true });
        throw new Error(`the init's folder ${made} resolves to ${real}, outside rootfs ${rootfs} (refused: every path taken from a rootfs must stay inside it)`);
    }
    return real;
}
/**
 * Removes the work folders in `base` whose owner process is gone; returns them. Only
 * folders in our own format (name and owner file agree), owned by this user, not links,
 * made in this PID namespace (a PID from another one says nothing), whose PID is not alive.
 */
function removeStaleWorkDirs(base = baseTempDir()) {
    let names;
    try {
        names = (0,external_node_fs_namespaceObject.readdirSync)(base);
    }
    catch {
        return [];
    }
    const removed = [];
    const ns = pidNamespace();
    for (const name of names) {
        const pid = Number(OWN_DIR.exec(name)?.[1] ?? NaN);
        if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid)
            continue;
        const dir = (0,external_node_path_namespaceObject.join)(base, name);
        if (!isOurFolder(dir) || readOwner(dir) !== `${pid} ${ns}` || isAlive(pid))
            continue;
        (0,external_node_fs_namespaceObject.rmSync)(dir, { recursive: true, force: true });
        removed.push(dir);
    }
    return removed;
}
function isOurFolder(dir) {
    try {
        const st = (0,external_node_fs_namespaceObject.lstatSync)(dir);
        return st.isDirectory() && st.uid === process.getuid?.();
    }
    catch {
        return false;
    }
}
/** The owner line, read without following a link; undefined when missing or unreadable
 *  (a folder being made this instant has none yet). */
function readOwner(dir) {
    let fd;
    try {
        fd = (0,external_node_fs_namespaceObject.openSync)((0,external_node_path_namespaceObject.join)(dir, OWNER_FILE), external_node_fs_namespaceObject.constants.O_RDONLY | external_node_fs_namespaceObject.constants.O_NOFOLLOW | external_node_fs_namespaceObject.constants.O_NONBLOCK);
    }
    catch {
        return undefined;
    }
    try {
        return (0,external_node_fs_namespaceObject.readFileSync)(fd, 'utf8').slice(0, 200).trim();
    }
    catch {
        return undefined;
    }
    finally {
        (0,external_node_fs_namespaceObject.closeSync)(fd);
    }
}
function isAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (err) {
        // EPERM: alive, someone else's.
        return err.code !== 'ESRCH';
    }
}
function pidNamespace() {
    try {
        return (0,external_node_fs_namespaceObject.readlinkSync)('/proc/self/ns/pid');
    }
    catch {
        return 'unknown';
    }
}

;// CONCATENATED MODULE: ./.build/src/vm/session.js
// One boot of one target, as an object: each stage is a method (boot, connect, setup,
// command or shell, shutdown) and what the stages share — QEMU and its sockets' clients,
// the stage clock, KVM probation, the interactive shell's state — lives in fields. `run`
// drives the stages in order; lifecycle.ts decides whether to boot again under TCG.
// A kernel target has no guest agent: our init runs the command and reports on the output
// port (ready, output, end and status). An image target's own agent runs it.
// Whatever happens, QEMU is gone and the private files removed when `run` settles.


















/** How long the kernel may stay silent under KVM on probation before we call KVM broken. */
const KVM_PROBE_MS = Number(process.env.VMTEST_KVM_PROBE_MS ?? 10_000);
const session_SOCKET_WAIT_MS = 5_000;
const session_QMP_TIMEOUT_MS = 5_000;
/** Pause between agent connect attempts. An attempt's sync waits in QEMU until the agent
 *  opens its port, so an attempt that is always pending answers the moment the agent starts;
 *  a long pause would leave the agent waiting for us. */
const AGENT_RETRY_DELAY_MS = 50;
/** Poll guest-exec-status this often for our own short guest programs (mounts, sync): they
 *  end in milliseconds, and the agent client's default backoff would wait far longer. */
const SHORT_EXEC_POLL_MS = 20;
/** Console lines kept with an error. */
const TAIL = 50;
/** What templates/init.sh prints when the interactive shell ends. */
const SHELL_EXIT = /vmtest: interactive shell exited with (\d+)/;
/** After the interactive shell's guest halted: time for QEMU to exit by itself (a kernel
 *  with ACPI powers off) before we ask it to (without ACPI the kernel only halts). */
const HALT_GRACE_MS = 1_500;
function defaultBootTimeout(accel) {
    return accel === 'kvm' ? 80 : 120;
}
class VmSession {
    ctx;
    choice;
    result;
    emit;
    commandLog;
    work = createWorkDir();
    fatal = new Fatal();
    qemu;
    virtiofs;
    qmp;
    qga;
    port;
    stage = 'boot';
    stageStart = Date.now();
    spawnedAt = 0;
    kernelAlive = false;
    probeTimer;
    /** The end marker of the output port, known to a kernel target's init from the start. */
    marker = `VMTEST-END-${(0,external_node_crypto_namespaceObject.randomBytes)(16).toString('hex')}`;
    /** Whether the guest agent runs the command (image targets) rather than our init. */
    agent;
    /** The guest is up: its agent answered, or our init said so. */
    up = false;
    /** The guest kernel's release, as a kernel target's init reported it. */
    release;
    agentVersion = '';
    /** Set once the interactive shell runs: from then on QEMU exiting is how it ends. */
    shellRunning = false;
    shellStatus;
    haltTimer;
    unlinkTerminal;
    /** Whether the firmware's last word was followed by silence (image targets). */
    handoff = new HandoffWatch();
    stallWatch;
    onAbort = () => this.fatal.fire(new TargetError(`cancelled (${String(this.ctx.signal?.reason ?? 'signal')})`));
    constructor(ctx, choice, result, emit, 
    /** Where the command's output is logged (command.log), if anywhere. */
    commandLog) {
        this.ctx = ctx;
        this.choice = choice;
        this.result = result;
        this.emit = emit;
        this.commandLog = commandLog;
        this.agent = ctx.target.kind === 'image';
        ctx.signal?.addEventListener('abort', this.onAbort);
        if (ctx.signal?.aborted)
            this.onAbort();
    }
    /** Every stage in turn; the result is filled in as they go. */
    async run() {
        try {
            this.startStage('boot');
            await this.boot();
            await this.connect();
            this.result.bootSeconds = this.endStage(true);
            this.startStage('setup');
            await this.setup();
            this.endStage(true);
            this.startStage('command');
            if (isInteractive(this.ctx.target))
                await this.shell();
            else
                await this.command();
        }
        catch (e) {
            throw await this.failure(e);
        }
        finally {
            await this.shutdown();
        }
    }
    /** Start QEMU, watch its console and exit, and open QMP and the output port. */
    async boot() {
        const { target, options } = this.ctx;
        const problem = interactiveProblem(target, this.ctx.terminal !== undefined);
        if (problem)
            throw new TargetError(problem);
        const { program, args, virtiofs } = prepareArgv(this.ctx, this.choice.accel, this.work, this.emit, this.marker);
        // shared_fs = "virtiofs": QEMU connects to the daemons' sockets as it starts.
        if (virtiofs)
            this.virtiofs = await VirtiofsDaemons.start(virtiofs, process.env);
        this.spawnedAt = Date.now();
        const interactive = isInteractive(target);
        const qemu = QemuProcess.spawn(program, args, {
            stdin: interactive ? 'pipe' : 'ignore',
            // TMPDIR: QEMU puts an image target's snapshot=on overlay there (default /var/tmp) and
            // only deletes it on a clean exit; in the work dir it goes when the work dir does.
            env: {
                ...qemuEnvironment(process.env, { withhold: options.envWithhold, pass: options.envPass }),
                ...this.ctx.setup?.env,
                TMPDIR: this.work.dir,
            },
            onConsole: (line) => this.onConsole(line),
            onPartial: (text) => this.onPartialLine(text),
        });
        this.qemu = qemu;
        if (interactive && this.ctx.terminal)
            this.unlinkTerminal = linkTerminal(this.ctx.terminal, qemu.child);
        void qemu.exited.then((exit) => this.onQemuExit(qemu, exit));
        if (this.choice.probation && target.kind === 'kernel') {
            this.probeTimer = setTimeout(() => {
                if (!this.kernelAlive)
                    this.fatal.fire(new KvmHungError(`KVM is present but the kernel printed nothing under it within ${KVM_PROBE_MS / 1000} s (broken nested virtualisation?)`));
            }, KVM_PROBE_MS);
        }
        const { sockets } = this.work;
        const files = this.agent ? [sockets.qmp, sockets.qga, sockets.output] : [sockets.qmp, sockets.output];
        if (!(await this.fatal.race(waitForFiles(files, qemu, session_SOCKET_WAIT_MS)))) {
            throw new TargetError(`QEMU did not create its sockets within ${session_SOCKET_WAIT_MS / 1000} s${qemu.stderrText() ? `: ${qemu.stderrText()}` : ''}`);
        }
        this.qmp = await this.fatal.race(QmpClient.connect(sockets.qmp, { timeoutMs: session_QMP_TIMEOUT_MS }));
        if (target.kind === 'image')
            this.watchForStall(qemu, this.qmp);
        this.port = new OutputPort({
            socketPath: sockets.output,
            marker: this.marker,
            log: this.commandLog,
            onLine: (line) => this.emit({ type: 'output', target, line }),
        });
        await this.fatal.race(this.port.connect());
    }
    /** Wait, until the boot deadline, for the guest to be up: its agent answers (image
     *  targets) or our init says so on the output port (kernel targets). */
    async connect() {
        const bootTimeout = this.ctx.options.bootTimeout ?? defaultBootTimeout(this.choice.accel);
        if (this.agent)
            await this.connectAgent(bootTimeout);
        else
            await this.awaitInit(bootTimeout);
        this.up = true;
        this.handoff.end();
        this.stallWatch?.stop();
        if (this.probeTimer)
            clearTimeout(this.probeTimer);
        this.choice.probation = false;
        if (this.qga)
            this.agentVersion = (await this.fatal.race(this.qga.info())).version;
    }
    /** A kernel target: our init's `ready` line on the output port, after its mounts. */
    async awaitInit(bootTimeout) {
        const qemu = this.qemu;
        const remaining = this.spawnedAt + bootTimeout * 1000 - Date.now();
        const release = await this.fatal.race(Promise.race([this.port.ready, sleep(remaining).then(() => undefined)]));
        if (release === undefined) {
            if (this.choice.probation && !this.kernelAlive)
                throw new KvmHungError(`the guest did not answer within ${bootTimeout} s under KVM`);
            throw new TargetError(`the guest's init did not report ready on the output port (boot deadline ${bootTimeout} s)`, qemu.consoleTail(TAIL));
        }
        this.release = release || undefined;
    }
    /** An image target: its guest agent answers. */
    async connectAgent(bootTimeout) {
        const qemu = this.qemu;
        this.qga = await this.fatal
            .race(QgaClient.connect(this.work.sockets.qga, {
            deadline: this.spawnedAt + bootTimeout * 1000,
            isAlive: () => qemu.isAlive(),
            signal: this.fatal.controller.signal,
            retryDelayMs: AGENT_RETRY_DELAY_MS,
        }))
            .catch((e) => {
            if (this.fatal.error)
                throw this.fatal.error;
            // An image under KVM on probation has no kernel line to watch for: a deadline passed
            // in silence may be a hung KVM, so it earns one more boot under TCG.
            if (this.choice.probation && !this.kernelAlive)
                throw new KvmHungError(`the guest did not answer within ${bootTimeout} s under KVM`);
            // The firmware had its say and no kernel followed, yet the stall check did not fire:
            // what it last saw says why (for a report, not for the user to act on).
            const look = !this.kernelAlive && this.stallWatch ? `; ${this.stallWatch.lastLook()}` : '';
            throw new TargetError(`${errorText(e)} (boot deadline ${bootTimeout} s)${look}`, qemu.consoleTail(TAIL));
        });
    }
    /** Shares mounted (a kernel target's init did it already) and the guest's kernel release. */
    async setup() {
        const { target } = this.ctx;
        if (!this.qga) {
            // Our init mounted the shares before it said it was up, with the release.
            this.result.kernelRelease = this.release;
            if (this.release)
                this.emit({ type: 'setup', target, line: `guest kernel ${this.release}` });
            return;
        }
        const qga = this.qga;
        const mountCmd = mountInvocation(guestShares(target, this.ctx.options.workspaceMount));
        const mounted = await this.fatal.race(qga.run(mountCmd.path, mountCmd.args, { pollMs: SHORT_EXEC_POLL_MS }));
        const mountOut = mounted.out.toString('utf8');
        for (const line of (mountOut + mounted.err.toString('utf8')).split('\n').filter(Boolean))
            this.emit({ type: 'setup', target, line });
        this.result.kernelRelease = mountOut.split('\n')[0]?.trim() || undefined;
        if (mounted.exitCode !== 0) {
            const why = initFatalReason(mounted.err.toString('utf8'));
            throw new TargetError(`mounting the shared directories failed (exit ${mounted.exitCode})${why ? `: ${why}` : ''}`);
        }
    }
    /** The user's command, to its end or its timeout; then the guest's writes flushed (a
     *  kernel target's init flushed them before it reported the end). */
    async command() {
        const { result, qga } = this;
        const timeoutMs = this.ctx.options.commandTimeout ? this.ctx.options.commandTimeout * 1000 : undefined;
        const cmd = qga
            ? await runCommand(this.ctx, qga, this.port, this.agentVersion, this.fatal)
            : await awaitInitCommand(this.port, timeoutMs, this.fatal);
        result.commandSeconds = this.endStage(cmd.exitCode === 0);
        if (cmd.timedOut) {
            result.result = 'timeout';
            result.error = `the command did not finish within ${this.ctx.options.commandTimeout} s (timeout) and was stopped`;
            return;
        }
        result.exitCode = cmd.exitCode;
        result.result = cmd.exitCode === 0 ? 'pass' : 'fail';
        if (cmd.exitCode !== 0)
            result.error = `Command failed with exit code: ${cmd.exitCode}`;
        if (!qga)
            return;
        // Orderly shutdown: flush guest writes to shared directories, then quit.
        await Promise.race([qga.run('sync', [], { pollMs: SHORT_EXEC_POLL_MS }).catch(() => undefined), sleep(10_000)]);
    }
    /** The interactive shell (`-`): the init has put a login shell on the console, which the
     *  user now has; leaving it powers the guest off. (Upstream reports nothing of the shell;
     *  we give its status.) */
    async shell() {
        const { result } = this;
        this.shellRunning = true;
        const exit = await this.fatal.race(this.qemu.exited);
        result.exitCode = this.shellStatus ?? (exit.code === 0 ? 0 : null);
        result.commandSeconds = this.endStage(result.exitCode === 0);
        result.result = result.exitCode === 0 ? 'pass' : 'fail';
        if (result.exitCode !== 0)
            result.error =
                result.exitCode === null
                    ? `QEMU exited with ${exit.signal ?? `code ${exit.code}`}`
                    : `Command failed with exit code: ${result.exitCode}`;
    }
    /** QEMU asked to quit (killed if it does not), clients closed, private files removed. */
    async shutdown() {
        const { qemu, qmp } = this;
        this.unlinkTerminal?.();
        if (this.probeTimer)
            clearTimeout(this.probeTimer);
        clearTimeout(this.haltTimer);
        this.stallWatch?.stop();
        this.ctx.signal?.removeEventListener('abort', this.onAbort);
        void this.qga?.close();
        if (qmp && qemu?.isAlive())
            await Promise.race([qmp.quit().catch(() => undefined), sleep(2_000)]);
        void qmp?.close();
        // Without QMP nothing asked QEMU to quit: waiting for it to exit on its own is pointless.
        if (qemu)
            await qemu.waitOrKill(qmp ? 5_000 : 0);
        await this.port?.close();
        await this.virtiofs?.stop();
        this.work.remove();
    }
    /** The error a failed stage ends the session with, its stage ended as failed. */
    async failure(e) {
        if (e instanceof KvmHungError)
            return e;
        const { qemu, fatal } = this;
        // QEMU dying (e.g. "Failed to get write lock" on an image another VM holds) closes its
        // sockets a moment before its exit is seen: wait briefly for the exit, whose reason
        // carries QEMU's stderr, rather than report "connection closed by the peer".
        if (!fatal.error && qemu && !(e instanceof TargetError))
            await Promise.race([qemu.exited.then(() => sleep(0)), sleep(1_000)]);
        // A fatal condition (QEMU exit, panic) explains a failure better than the wait it broke.
        const err = fatal.error && !(e instanceof TargetError) ? fatal.error : e;
        if (err instanceof KvmHungError)
            return err;
        this.endStage(false, errorText(err));
        if (err instanceof TargetError && !err.consoleTail && qemu)
            return new TargetError(err.message, qemu.consoleTail(TAIL));
        return err;
    }
    onConsole(line) {
        const { target } = this.ctx;
        this.emit({ type: 'console', target, line });
        const verdict = classifyConsoleLine(line);
        if (this.shellRunning)
            this.watchShellEnd(line, verdict?.kind === 'halted');
        this.handoff.see(verdict, Date.now(), line);
        const tail = () => this.qemu?.consoleTail(TAIL);
        if (verdict?.kind === 'kernel-alive')
            this.kernelAlive = true;
        else if (verdict?.kind === 'panic')
            this.fatal.fire(new TargetError(virtiofsRootHint(target, `Kernel panic: ${verdict.line}`), tail()));
        else if (verdict?.kind === 'init-failed')
            this.fatal.fire(new TargetError(`the guest's init failed: ${verdict.reason}`, tail()));
        else if (verdict?.kind === 'no-boot-device')
            this.noBootDevice(verdict);
    }
    /** A console line still unfinished (a prompt, "press any key", or the firmware's
     *  hand-over cut short by the code it started): the disk's code's last words, or the
     *  hand-over that arms the stall check. The line itself is delivered if it ever ends. */
    onPartialLine(text) {
        const verdict = classifyUnfinishedLine(text);
        if (verdict?.kind === 'no-boot-device')
            this.noBootDevice(verdict);
        else if (verdict?.kind === 'firmware-handoff' && this.handoff.armed()?.line !== verdict.line)
            this.handoff.see(verdict, Date.now(), text);
    }
    /** Firmware or the disk's boot code gave up: the end of this boot, unless a kernel is
     *  already running (then the text is the guest's own business). */
    noBootDevice(verdict) {
        if (this.kernelAlive || this.up)
            return;
        this.fatal.fire(new TargetError(noBootMessage(verdict, this.ctx.target, this.handoff.earlierFailure), this.qemu?.consoleTail(TAIL)));
    }
    /** The firmware's last word, then silence: checked with QMP (boot-stall.ts). */
    watchForStall(qemu, qmp) {
        this.stallWatch = new BootStallWatch({
            qmp,
            watch: this.handoff,
            lastOutputAt: () => qemu.lastOutputAt,
            onStall: (suspect, seconds, silent) => {
                if (this.kernelAlive || this.up)
                    return;
                this.fatal.fire(new TargetError(stalledBootMessage(suspect, seconds, this.ctx.target, silent), qemu.consoleTail(TAIL)));
            },
        });
        this.stallWatch.start();
    }
    /** The interactive shell's end: its status from our init's line, and once the guest has
     *  halted, QEMU stopped after a short grace — a kernel without ACPI only halts, and QEMU
     *  would wait for someone to press Ctrl-A x. */
    watchShellEnd(line, halted) {
        const exited = SHELL_EXIT.exec(line);
        if (exited)
            this.shellStatus = Number(exited[1]);
        if (!halted || this.haltTimer)
            return;
        this.haltTimer = setTimeout(() => {
            if (this.qemu?.isAlive())
                void this.qmp?.quit().catch(() => this.qemu?.kill());
        }, HALT_GRACE_MS);
        this.haltTimer.unref();
    }
    onQemuExit(qemu, exit) {
        this.unlinkTerminal?.();
        if (this.shellRunning)
            return;
        if (this.choice.probation && !this.kernelAlive) {
            this.fatal.fire(new KvmHungError(`QEMU exited under KVM before the kernel started (${qemu.stderrText().split('\n')[0] || `code ${exit.code}`})`));
        }
        const tail = qemu.consoleTail(TAIL);
        const panic = tail.find(isPanicLine);
        const daemons = this.virtiofs?.stderrText() ? `\n${this.virtiofs.stderrText()}` : '';
        const why = panic
            ? virtiofsRootHint(this.ctx.target, `Kernel panic: ${panic.trim()}`)
            : `QEMU exited unexpectedly (${exit.signal ?? `exit code ${exit.code}`})${qemu.stderrText() ? `: ${qemu.stderrText()}` : ''}${daemons}`;
        this.fatal.fire(new TargetError(why, tail));
    }
    startStage(s) {
        this.stage = s;
        this.stageStart = Date.now();
        this.emit({ type: 'stage-start', target: this.ctx.target, stage: s });
    }
    endStage(ok, error) {
        const seconds = (Date.now() - this.stageStart) / 1000;
        this.emit({ type: 'stage-end', target: this.ctx.target, stage: this.stage, ok, seconds, error });
        return seconds;
    }
}

;// CONCATENATED MODULE: ./.build/src/vm/target-logs.js
// A target's console.log and command.log under `<logs_dir>/<target>/`. That folder is often
// in the workspace, which the guest can write through /mnt/vmtest: between two runs a guest
// may plant a symlink (or a hard link, a FIFO, a folder) where the next run writes its logs.
// So nothing in the target's folder is trusted or written in place:
// - the target's folder must be a real folder; a symlink there is removed (only the link)
//   and a fresh folder made; the folder is then opened without following links and the
//   files are created through that open folder, so it cannot be swapped under us;
// - whatever sits at a log's name is unlinked, never opened or truncated — a planted
//   regular file or a hard link to a host file loses only that name; its content (and any
//   other link to it) stays untouched — and the log is created anew (O_CREAT|O_EXCL|
//   O_NOFOLLOW: a link planted in the meantime makes the create fail rather than follow);
// - a folder at a log's name, or a target folder that is not a folder, is refused.
// `logs_dir` itself is the user's choice and is taken as given.
// Each log is capped (max_log_size): past the cap nothing more is written but one line
// saying where it was cut; the event stream is not affected.



// (node opens every descriptor close-on-exec already.)
const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_RDONLY, O_DIRECTORY } = external_node_fs_namespaceObject.constants;
/** One capped log file, written through a stream on a file descriptor we created. */
class LogFile {
    path;
    maxBytes;
    written = 0;
    cut = false;
    /** Whether what was written so far ends a line (the cut note goes on a line of its own). */
    atLineStart = true;
    stream;
    constructor(fd, path, maxBytes) {
        this.path = path;
        this.maxBytes = maxBytes;
        this.stream = (0,external_node_fs_namespaceObject.createWriteStream)('', { fd, autoClose: true });
    }
    write(data) {
        if (this.cut)
            return true;
        const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        const room = this.maxBytes - this.written;
        if (buf.length <= room) {
            this.written += buf.length;
            if (buf.length)
                this.atLineStart = buf[buf.length - 1] === 0x0a;
            return this.stream.write(buf);
        }
        this.cut = true;
        const head = buf.subarray(0, Math.max(0, room));
        if (head.length) {
            this.stream.write(head);
            this.atLineStart = head[head.length - 1] === 0x0a;
        }
        this.written += head.length;
        return this.stream.write(`${this.atLineStart ? '' : '\n'}${cutNote(this.maxBytes)}\n`);
    }
    onDrain(fn) {
        this.stream.once('drain', fn);
    }
    end() {
        return new Promise((resolve) => this.stream.end(resolve));
    }
}
/** The line a capped log ends with. */
function cutNote(maxBytes) {
    return `[vmtest: log cut here at ${maxBytes} bytes (max_log_size); later output is not in this file]`;
}
/**
 * Create `dir` (the target's log folder) and fresh console.log and command.log in it, as the
 * file comment says. `warn` is told about anything planted that was removed. Throws, naming
 * the path, when something there cannot be safely replaced.
 */
function openTargetLogs(dir, warn, maxBytes = DEFAULT_MAX_LOG_BYTES) {
    (0,external_node_fs_namespaceObject.mkdirSync)((0,external_node_path_namespaceObject.dirname)(dir), { recursive: true });
    ownFolder(dir, warn);
    const dirFd = (0,external_node_fs_namespaceObject.openSync)(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    try {
        // Through /proc/self/fd the names below resolve in the folder we opened, even if the
        // path were swapped for a link now (Linux; without /proc, the checked path).
        const base = (0,external_node_fs_namespaceObject.existsSync)(`/proc/self/fd/${dirFd}`) ? `/proc/self/fd/${dirFd}` : dir;
        const open = (name) => new LogFile(freshFile(base, (0,external_node_path_namespaceObject.join)(dir, name), name, warn), (0,external_node_path_namespaceObject.join)(dir, name), maxBytes);
        const console = open('console.log');
        const command = open('command.log');
        return { console, command, close: async () => void (await Promise.all([console.end(), command.end()])) };
    }
    finally {
        (0,external_node_fs_namespaceObject.closeSync)(dirFd);
    }
}
/** Make sure `dir` is a real folder (not a link to one). */
function ownFolder(dir, warn) {
    for (let attempt = 0; attempt < 3; attempt++) {
        const st = lstatOrUndefined(dir);
        if (st?.isDirectory())
            return;
        if (st?.isSymbolicLink()) {
            warn(`the log folder ${dir} was a symbolic link (to ${linkText(dir)}), not made by vmtest: removed the link and made a folder there`);
            (0,external_node_fs_namespaceObject.unlinkSync)(dir);
        }
        else if (st) {
            throw new Error(`the log folder ${dir} exists and is not a folder: not writing logs there`);
        }
        try {
            (0,external_node_fs_namespaceObject.mkdirSync)(dir);
            return;
        }
        catch (e) {
            if (e.code !== 'EEXIST')
                throw e;
        }
    }
    throw new Error(`the log folder ${dir} keeps changing under vmtest: not writing logs there`);
}
/** A new, empty file at `base/name` we created ourselves; `shown` names it in messages. */
function freshFile(base, shown, name, warn) {
    const path = (0,external_node_path_namespaceObject.join)(base, name);
    for (let attempt = 0; attempt < 3; attempt++) {
        const st = lstatOrUndefined(path);
        if (st?.isDirectory())
            throw new Error(`${shown} is a folder, not a log file of vmtest: not writing that log`);
        if (st?.isSymbolicLink())
            warn(`${shown} was a symbolic link (to ${linkText(path)}), not made by vmtest: replaced the link with a new log file (its target is untouched)`);
        else if (st && !st.isFile())
            warn(`${shown} was not a regular file: replaced it with a new log file`);
        else if (st && st.nlink > 1)
            warn(`${shown} had ${st.nlink - 1} other hard link(s), not made by vmtest: replaced it with a new log file (the linked file is untouched)`);
        if (st)
            unlinkOrGone(path);
        try {
            return (0,external_node_fs_namespaceObject.openSync)(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644);
        }
        catch (e) {
            // Something appeared at the name since the unlink: look again.
            if (e.code !== 'EEXIST')
                throw e;
        }
    }
    throw new Error(`${shown} keeps reappearing: not writing that log (${(0,external_node_path_namespaceObject.basename)(shown)} is recreated by something else)`);
}
function lstatOrUndefined(path) {
    try {
        return (0,external_node_fs_namespaceObject.lstatSync)(path);
    }
    catch (e) {
        if (e.code === 'ENOENT')
            return undefined;
        throw e;
    }
}
function unlinkOrGone(path) {
    try {
        (0,external_node_fs_namespaceObject.unlinkSync)(path);
    }
    catch (e) {
        if (e.code !== 'ENOENT')
            throw e;
    }
}
function linkText(path) {
    try {
        return (0,external_node_fs_namespaceObject.readlinkSync)(path);
    }
    catch {
        return '?';
    }
}

;// CONCATENATED MODULE: ./.build/src/vm/lifecycle.js





async function runTarget(ctx) {
    const { target, sink } = ctx;
    const result = {
        name: target.name,
        arch: target.arch,
        result: 'error',
        exitCode: null,
        logs: {},
        origin: target.origin,
    };
    sink({ type: 'target-start', target });
    warnMountsOutside(ctx);
    let logs;
    const emit = (e) => {
        if (e.type === 'console')
            logs?.console.write(e.line + '\n');
        sink(e);
    };
    try {
        if (ctx.logDir) {
            logs = openTargetLogs(ctx.logDir, (message) => sink({ type: 'warning', target, message }), ctx.options.maxLogBytes);
            result.logs = { console: logs.console.path, command: logs.command.path };
        }
        let choice = await chooseAccel(target.arch, ctx.options.accel);
        for (;;) {
            result.accel = choice.accel;
            result.accelReason = choice.reason;
            emit({ type: 'setup', target, line: `accel: ${choice.accel.toUpperCase()} (${choice.reason})` });
            try {
                await new VmSession(ctx, choice, result, emit, logs?.command).run();
                break;
            }
            catch (e) {
                if (!(e instanceof KvmHungError))
                    throw e;
                markKvmBroken(e.message);
                emit({ type: 'warning', target, message: `${e.message}: booting under TCG instead` });
                choice = { accel: 'tcg', reason: e.message, probation: false };
            }
        }
    }
    catch (e) {
        result.result = ctx.signal?.aborted ? 'skipped' : 'error';
        result.error = ctx.signal?.aborted ? `cancelled (${String(ctx.signal.reason ?? 'signal')})` : errorText(e);
        if (e instanceof TargetError && e.consoleTail)
            result.consoleTail = e.consoleTail;
    }
    finally {
        await logs?.close();
    }
    sink({ type: 'target-end', target, result });
    return result;
}
/** `vm.mounts` outside the workspace are allowed, but a run says so. */
function warnMountsOutside({ target, sink }) {
    // The config's folder (the CLI) or the checkout (the action) is the workspace.
    const workspaces = [target.sharedDir, process.env.GITHUB_WORKSPACE].filter((w) => Boolean(w));
    for (const m of mountsOutside(target.vm.mounts, workspaces)) {
        sink({
            type: 'warning',
            target,
            message: `vm.mounts "${m.guestPath}": host path ${m.hostPath} is outside the workspace (${workspaces.join(', ')}); the guest can read${m.writable ? ' and write' : ''} it`,
        });
    }
}

;// CONCATENATED MODULE: ./.build/src/qemu/image-chain.js
// Which host files a disk image makes QEMU open, judged before boot. A qcow2 image may name
// any file as its backing file or data file and a VMDK descriptor may name any files as its
// extents: unchecked, an untrusted image could show the guest (or, with write_image, let it
// write) any host file the runner can open. This module judges `qemu-img info --output=json`
// answers, layer by layer, against the folders an image may use; running qemu-img is the
// machinery's job (src/vm/image-check.ts). Pure: the file system is reached only through the
// injected `realpath`.

/** Longest backing chain accepted, top image included. */
const MAX_CHAIN_DEPTH = 16;
/** Largest qemu-img answer accepted for one image (a VMDK may list many extents). */
const MAX_INFO_BYTES = 1024 * 1024;
/** Most extents / children looked at in one layer; more is refused, not skipped. */
const MAX_REFERENCES = 4096;
/** Formats whose references to other files we know (backing, data file, extents). A layer of
 *  any other format (a backing file probed as dmg, parallels, …) is refused. */
const CHECKED_FORMATS = new Set(['raw', 'qcow2', 'qcow', 'qed', 'vmdk', 'vhdx', 'vpc', 'vdi']);
const RULE = 'an image may only use files inside the workspace or its own folder';
/** One qemu-img answer, bounded and shape-checked. Throws an Error saying what is wrong. */
function parseImageInfo(text) {
    if (Buffer.byteLength(text) > MAX_INFO_BYTES)
        throw new Error(`qemu-img's answer is larger than ${MAX_INFO_BYTES} bytes`);
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        throw new Error("qemu-img's answer is not JSON");
    }
    const ok = (v) => typeof v === 'object' &&
        v !== null &&
        typeof v.filename === 'string' &&
        typeof v.format === 'string';
    if (!ok(value))
        throw new Error("qemu-img's answer has no filename and format");
    return value;
}
/** QEMU's own test (path_has_protocol): a colon before any slash makes a protocol name such
 *  as `nbd:`, `http:` or `json:{…}`, not a file. */
function isProtocolName(name) {
    const stop = name.search(/[:/]/);
    return stop >= 0 && name[stop] === ':';
}
function image_chain_isInside(dir, path) {
    const rel = (0,external_node_path_namespaceObject.relative)(dir, path);
    return rel === '' || (rel !== '..' && !rel.startsWith('../') && !(0,external_node_path_namespaceObject.isAbsolute)(rel));
}
/**
 * Judge a chain of qemu-img answers, top image first (the `--backing-chain` array, or the
 * layers inspected so far). With `open`, the last layer's backing file is not inspected yet:
 * it is checked and returned as `next` instead of being required to follow.
 */
function checkImageChain(layers, ctx, opts = {}) {
    const violations = [];
    const verified = [];
    const top = layers[0]?.filename ?? '<image>';
    if (layers.length > MAX_CHAIN_DEPTH) {
        violations.push({
            file: top,
            namedBy: top,
            role: 'layer',
            rule: `its backing chain is deeper than ${MAX_CHAIN_DEPTH} images`,
        });
        return { ok: false, violations };
    }
    const seen = new Set();
    let next;
    for (const [i, layer] of layers.entries()) {
        const real = ctx.realpath(layer.filename);
        if (real !== undefined && seen.has(real)) {
            violations.push({
                file: layer.filename,
                namedBy: layers[i - 1].filename,
                role: 'backing file',
                rule: 'the backing chain loops back to an image already in it',
            });
            break;
        }
        if (real !== undefined)
            seen.add(real);
        if (i > 0 && next !== undefined && layer.filename !== next.path) {
            violations.push({
                file: layer.filename,
                namedBy: layers[i - 1].filename,
                role: 'backing file',
                rule: `qemu-img inspected ${layer.filename} where ${next.path} was named`,
            });
            break;
        }
        if (i > 0 && next?.format !== undefined && layer.format !== next.format) {
            violations.push({
                file: layer.filename,
                namedBy: layers[i - 1].filename,
                role: 'backing file',
                rule: `it was named as ${next.format} but qemu-img read it as ${layer.format}`,
            });
            break;
        }
        const judged = checkLayer(layer, ctx);
        violations.push(...judged.violations);
        verified.push({ filename: layer.filename, format: layer.format, opens: judged.opens });
        next = judged.next;
    }
    if (violations.length)
        return { ok: false, violations };
    if (next !== undefined && !opts.open) {
        const last = layers[layers.length - 1].filename;
        if (layers.length >= MAX_CHAIN_DEPTH)
            violations.push({
                file: top,
                namedBy: top,
                role: 'layer',
                rule: `its backing chain is deeper than ${MAX_CHAIN_DEPTH} images`,
            });
        else
            violations.push({ file: next.path, namedBy: last, role: 'backing file', rule: 'qemu-img did not inspect it' });
        return { ok: false, violations };
    }
    return { ok: true, layers: verified, next };
}
/** The files one layer opens besides itself, each checked; and its backing file, if any. */
function checkLayer(layer, ctx) {
    const violations = [];
    const opens = [];
    const refuse = (file, role, rule) => {
        violations.push({ file, namedBy: layer.filename, role, rule });
    };
    // A file name resolved one or more ways (QEMU's resolution differs between versions for a
    // relative data file): every way must land inside an allowed folder.
    const judge = (name, role, candidates) => {
        if (isProtocolName(name))
            return refuse(name, role, `it is a protocol or json: name, not a plain file (${RULE})`);
        for (const candidate of new Set(candidates)) {
            const real = ctx.realpath(candidate);
            if (real === undefined)
                return refuse(name, role, `${candidate} does not exist`);
            if (!ctx.allowedDirs.some((d) => image_chain_isInside(d, real))) {
                return refuse(name, role, `it resolves to ${real}, outside ${ctx.allowedDirs.join(', ') || 'every allowed folder'} (${RULE})`);
            }
            if (!opens.includes(real))
                opens.push(real);
        }
    };
    if (!CHECKED_FORMATS.has(layer.format)) {
        refuse(layer.filename, 'layer', `its format '${layer.format}' is not one whose file references vmtest checks`);
        return { violations, opens };
    }
    const here = (0,external_node_path_namespaceObject.dirname)(layer.filename);
    let next;
    const backing = layer['backing-filename'];
    if (backing !== undefined) {
        const full = layer['full-backing-filename'];
        const own = (0,external_node_path_namespaceObject.isAbsolute)(backing) ? backing : (0,external_node_path_namespaceObject.join)(here, backing);
        judge(backing, 'backing file', full !== undefined && !isProtocolName(full) ? [own, full] : [own]);
        const format = layer['backing-filename-format'];
        // Judged before anything opens the backing file in that format (vvfat would show a folder).
        if (format !== undefined && !CHECKED_FORMATS.has(format))
            refuse(backing, 'backing file', `its format '${format}' is not one whose file references vmtest checks`);
        next = { path: full !== undefined && !isProtocolName(full) ? full : own, format };
    }
    const specific = layer['format-specific'];
    if (layer.format === 'qcow2' || layer.format === 'vmdk') {
        if (specific?.type !== layer.format || typeof specific.data !== 'object') {
            refuse(layer.filename, 'layer', `qemu-img did not report its ${layer.format} details`);
            return { violations, opens };
        }
    }
    const dataFile = layer.format === 'qcow2' ? specific?.data?.['data-file'] : undefined;
    if (dataFile !== undefined)
        judge(dataFile, 'data file', (0,external_node_path_namespaceObject.isAbsolute)(dataFile) ? [dataFile] : [(0,external_node_path_namespaceObject.resolve)(ctx.cwd, dataFile), (0,external_node_path_namespaceObject.join)(here, dataFile)]);
    if (layer.format === 'vmdk') {
        const extents = specific?.data?.extents;
        if (!Array.isArray(extents) || extents.length > MAX_REFERENCES)
            refuse(layer.filename, 'layer', 'qemu-img reported no (or too many) VMDK extents');
        else {
            for (const e of extents) {
                const name = typeof e?.filename === 'string' ? e.filename : undefined;
                if (name === undefined)
                    refuse(layer.filename, 'layer', 'qemu-img reported a VMDK extent without a file name');
                else if (name !== layer.filename)
                    judge(name, 'VMDK extent', [(0,external_node_path_namespaceObject.isAbsolute)(name) ? name : (0,external_node_path_namespaceObject.join)(here, name)]);
            }
        }
    }
    for (const name of childFilenames(layer.children)) {
        if (name !== layer.filename)
            judge(name, 'child node', [(0,external_node_path_namespaceObject.isAbsolute)(name) ? name : (0,external_node_path_namespaceObject.join)(here, name)]);
    }
    return { violations, opens, next };
}
/** File names of the child nodes QEMU 8+ reports (recursively, bounded). */
function childFilenames(children, out = []) {
    if (!Array.isArray(children))
        return out;
    for (const c of children) {
        if (out.length >= MAX_REFERENCES)
            break;
        const info = c?.info;
        if (typeof info?.filename === 'string')
            out.push(info.filename);
        childFilenames(info?.children, out);
    }
    return out;
}
/** One message naming every offending file and the rule it broke. */
function describeViolations(image, violations) {
    const line = (v) => v.role === 'layer' ? `${v.file}: ${v.rule}` : `${v.role} '${v.file}' named by ${v.namedBy}: ${v.rule}`;
    const head = `image ${image} refused before boot`;
    return violations.length === 1
        ? `${head}: ${line(violations[0])}`
        : `${head}:\n  ${violations.map(line).join('\n  ')}`;
}

;// CONCATENATED MODULE: ./.build/src/vm/image-check.js
// Before an image target boots: ask qemu-img which files its image opens, one layer at a
// time, and refuse the target when any lies outside the workspace or the image's folder
// (the rules are in src/qemu/image-chain.ts). Layer by layer rather than `--backing-chain`
// so that qemu-img never opens a backing file (an `nbd:` server, a host file) before it was
// judged. qemu-img runs without a shell, with `-U` (no locks: the image may be in use), a
// timeout and a bounded answer.






/** An image target refused before boot. */
class ImageChainError extends Error {
    name = 'ImageChainError';
}
const TIMEOUT_MS = 30_000;
function realpathOrUndefined(p) {
    try {
        return (0,external_node_fs_namespaceObject.realpathSync)(p);
    }
    catch {
        return undefined;
    }
}
/** Folders an image target's files may use. A downloaded image (`image_url`) only its own
 *  download folder: it has no business naming files of the checkout (.git/config holds a
 *  token). Otherwise the workspace (the config's folder, $GITHUB_WORKSPACE) and the image's
 *  folder, as named and after links. */
function imageAllowedDirs(target, env = process.env) {
    const image = (0,external_node_path_namespaceObject.resolve)(target.image ?? '');
    const own = [(0,external_node_path_namespaceObject.dirname)(image), (0,external_node_path_namespaceObject.dirname)(realpathOrUndefined(image) ?? image)];
    const dirs = target.source?.imageUrl ? own : [target.sharedDir, env.GITHUB_WORKSPACE, ...own];
    return dirs.filter((d) => Boolean(d));
}
/** Inspect the image's whole chain; raw images open nothing else and are not inspected. */
async function inspectImageChain(opts) {
    if (opts.format === 'raw')
        return { ok: true, layers: [] };
    const ctx = {
        allowedDirs: [...new Set(opts.allowedDirs.map(realpathOrUndefined).filter((d) => d !== undefined))],
        cwd: opts.cwd ?? process.cwd(),
        realpath: realpathOrUndefined,
    };
    const top = (0,external_node_path_namespaceObject.resolve)(opts.image);
    const layers = [];
    let next = { path: top, format: opts.format };
    // One more round than the bound, so that a chain one too deep is seen and named.
    for (let round = 0; next !== undefined && round <= MAX_CHAIN_DEPTH; round++) {
        const answer = await qemuImgInfo(next.path, next.format, opts);
        if (!answer.ok)
            return { ok: false, message: `image ${top} refused before boot: ${answer.message}` };
        layers.push(answer.info);
        const verdict = checkImageChain(layers, ctx, { open: true });
        if (!verdict.ok)
            return { ok: false, message: describeViolations(top, verdict.violations) };
        if (verdict.next === undefined)
            return { ok: true, layers: verdict.layers };
        next = verdict.next;
    }
    return {
        ok: false,
        message: `image ${top} refused before boot: its backing chain is deeper than ${MAX_CHAIN_DEPTH} images`,
    };
}
function qemuImgInfo(path, format, opts) {
    const tool = opts.qemuImg ?? { path: 'qemu-img' };
    const args = ['info', '--output=json', '-U', ...(format ? ['-f', format] : []), path];
    return new Promise((done) => {
        (0,external_node_child_process_namespaceObject.execFile)(tool.path, args, {
            encoding: 'utf8',
            timeout: opts.timeoutMs ?? TIMEOUT_MS,
            killSignal: 'SIGKILL',
            maxBuffer: MAX_INFO_BYTES,
            env: { ...process.env, ...tool.env },
            cwd: opts.cwd,
        }, (err, stdout, stderr) => {
            if (err)
                return done({ ok: false, message: qemuImgFailure(err, stderr, path) });
            try {
                done({ ok: true, info: parseImageInfo(stdout) });
            }
            catch (e) {
                done({ ok: false, message: `${path}: ${e.message}` });
            }
        });
    });
}
function qemuImgFailure(err, stderr, path) {
    if (err.code === 'ENOENT')
        return 'qemu-img was not found; it checks which files the image opens (install qemu-utils)';
    if (err.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
        return `qemu-img's answer about ${path} is larger than ${MAX_INFO_BYTES} bytes`;
    if (err.killed || err.signal)
        return `qemu-img did not answer about ${path} in time`;
    const last = stderr.trim().split('\n').pop()?.slice(0, 500);
    return `qemu-img cannot inspect ${path}: ${last || err.message}`;
}
/** qemu-img from setup, else the one beside setup's QEMU, else `qemu-img` on PATH. */
function qemuImgFor(target, setup) {
    if (setup?.qemuImg)
        return setup.qemuImg;
    const qemu = setup?.qemuPaths?.[target.arch];
    const beside = qemu ? findProgram((0,external_node_path_namespaceObject.join)((0,external_node_path_namespaceObject.dirname)(qemu), 'qemu-img')) : undefined;
    return beside ? { path: beside, env: setup?.env } : { path: 'qemu-img' };
}
/** Throws ImageChainError when an image target's image opens a file it may not. */
async function assertImageFilesAllowed(target, opts = {}) {
    if (target.kind !== 'image' || target.image === undefined)
        return;
    const check = await inspectImageChain({
        image: target.image,
        format: detectImageFormat(target.image),
        allowedDirs: imageAllowedDirs(target, opts.env),
        qemuImg: qemuImgFor(target, opts.setup),
    });
    if (!check.ok)
        throw new ImageChainError(`target '${target.name}': ${check.message}`);
}

;// CONCATENATED MODULE: ./.build/src/analysis/splat.js


const MAX_EXCERPT_LINES = 40;
/** How far after a `WARNING:` headline we look for its call trace. */
const TRACE_LOOKAHEAD = 150;
/**
 * The console prefix printk adds: `[   12.345678] `, optionally followed by the caller id
 * `[    T1] ` / `[  C0] ` (CONFIG_PRINTK_CALLER), and a `<4>` level when read from /dev/kmsg.
 */
const PREFIX_RE = /^(?:<\d+>)?(?:\[\s*\d+\.\d+\]\s?)?(?:\[\s*[TC]\d+\]\s?)?/;
/** The message part of a console line, without the printk prefix. */
function stripConsolePrefix(line) {
    return line.replace(PREFIX_RE, '');
}
// Order matters: the first match wins (soft lockup lines also contain `BUG:`).
const RULES = [
    { kind: 'panic', severity: 'error', re: new RegExp(`^${KERNEL_PANIC}:`) },
    { kind: 'soft-lockup', severity: 'warning', re: /^(?:watchdog: )?BUG: soft lockup - CPU#\d+ stuck for/ },
    { kind: 'hard-lockup', severity: 'warning', re: /^(?:NMI watchdog: )?Watchdog detected hard LOCKUP on cpu/ },
    { kind: 'kasan', severity: 'error', re: /^BUG: KASAN: / },
    { kind: 'kfence', severity: 'error', re: /^BUG: KFENCE: / },
    { kind: 'bug', severity: 'error', re: /^(?:BUG: |kernel BUG at |Kernel BUG at )/ },
    // x86 `Oops: 0002 [#1] PREEMPT SMP`, `general protection fault, …: 0000 [#1]`,
    // `invalid opcode: 0000 [#1]`; arm64 `Internal error: Oops: 96000005 [#1]`;
    // arm64 `Unable to handle kernel NULL pointer dereference at virtual address …`.
    { kind: 'oops', severity: 'error', re: /^(?:Internal error: )?[A-Za-z][\w ,()-]*: [0-9a-f]{4,16} \[#\d+\]/ },
    { kind: 'oops', severity: 'error', re: /^Unable to handle kernel .* at virtual address/ },
    { kind: 'ubsan', severity: 'warning', re: /^UBSAN: / },
    { kind: 'rcu-stall', severity: 'warning', re: /^(?:rcu: )?INFO: \S+ (?:detected stalls? on|self-detected stall on)/ },
    { kind: 'hung-task', severity: 'warning', re: /^INFO: task \S.* blocked for more than \d+ seconds/ },
    { kind: 'warning', severity: 'warning', re: /^WARNING: /, needsTrace: true },
];
/** Headlines that continue the report already open rather than start a new one. */
const CONTINUATION_KINDS = new Set(['oops']);
/** An Oops header follows its `BUG:` line within a few lines (`#PF:` lines, `PGD …`). */
const CONTINUATION_WINDOW = 10;
/** A report without an end marker stops collecting (and absorbing Oopses) after this. */
const OPEN_WINDOW = 200;
const TRACE_RE = /^(?:Call Trace:|Call trace:|stack backtrace:|Backtrace:)/;
/** Lines that end a report. */
const END_RE = new RegExp(`^---\\[ end (?:trace [0-9a-f]+|${KERNEL_PANIC}: .*) \\]---`);
/** Reports with no end marker: their (last) stack trace closes them. */
const ENDS_WITH_TRACE = new Set(['hung-task', 'soft-lockup', 'hard-lockup']);
const TRACE_END_RE = /^\s*<\/TASK>\s*$/;
/** KASAN/UBSAN/lockdep frame their reports with lines of `=`. */
const RULER_RE = /^={20,}$/;
function classify(msg) {
    return RULES.find((r) => r.re.test(msg));
}
function hasTraceAhead(msgs, from) {
    const end = Math.min(msgs.length, from + TRACE_LOOKAHEAD);
    for (let i = from + 1; i < end; i++) {
        const m = msgs[i] ?? '';
        if (TRACE_RE.test(m))
            return true;
        if (END_RE.test(m))
            return false;
        const r = classify(m);
        if (r && !CONTINUATION_KINDS.has(r.kind))
            return false;
    }
    return false;
}
/**
 * Finds kernel splats in console lines. Each splat starts at its headline and its excerpt
 * runs to the report's end marker (`---[ end trace … ]---`, the closing `====` ruler of a
 * KASAN/UBSAN report), the next splat's headline, or MAX_EXCERPT_LINES lines. An Oops header
 * inside an open report (the `BUG: kernel NULL pointer dereference` → `Oops:` sequence) is
 * part of that report, not a second splat. Excerpt lines have the printk timestamp removed
 * and are cut to MAX_MATCH_CHARS. Every rule is linear in the line's length (no pattern has
 * overlapping quantifiers), as the property tests check.
 */
function detectSplats(consoleLines) {
    const msgs = consoleLines.map((l) => stripConsolePrefix(text_cleanLine(text_forMatching(l))));
    const splats = [];
    let open;
    const close = () => {
        open = undefined;
    };
    for (let i = 0; i < msgs.length; i++) {
        const msg = msgs[i] ?? '';
        if (open && i - open.start > OPEN_WINDOW)
            close();
        const rule = classify(msg);
        const continues = open !== undefined && i - open.start <= CONTINUATION_WINDOW;
        const startsNew = rule !== undefined &&
            !(continues && CONTINUATION_KINDS.has(rule.kind)) &&
            !(rule.needsTrace && !hasTraceAhead(msgs, i));
        if (startsNew && rule) {
            close();
            const splat = { kind: rule.kind, title: msg.trim(), excerpt: [msg], severity: rule.severity };
            splats.push(splat);
            const prev = msgs[i - 1] ?? '';
            open = { splat, start: i, full: false, framedByRuler: RULER_RE.test(prev) };
            continue;
        }
        if (!open)
            continue;
        if (!open.full) {
            open.splat.excerpt.push(msg);
            if (open.splat.excerpt.length >= MAX_EXCERPT_LINES)
                open.full = true;
        }
        if (END_RE.test(msg) ||
            (open.framedByRuler && RULER_RE.test(msg)) ||
            (ENDS_WITH_TRACE.has(open.splat.kind) && TRACE_END_RE.test(msg))) {
            close();
        }
    }
    // A ruler-framed report's closing ruler and trailing blank lines are noise in the excerpt.
    for (const s of splats) {
        while (s.excerpt.length > 1 && /^(?:=+)?\s*$/.test(s.excerpt[s.excerpt.length - 1] ?? ''))
            s.excerpt.pop();
    }
    return splats;
}

;// CONCATENATED MODULE: ./.build/src/engine/schedule.js
/** QEMU's `-m` syntax: a number with an optional K/M/G/T suffix, MiB when bare. 0 when it
 *  cannot be read (QEMU itself will then reject it). */
function memoryBytes(memory) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT])?[bB]?\s*$/.exec(memory);
    if (!m)
        return 0;
    const scale = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[(m[2] ?? 'm').toLowerCase()];
    return Math.round(Number(m[1]) * scale);
}
/**
 * `jobs: auto`: the largest n such that ANY n targets of the plan fit the host at once — the
 * n biggest by vCPUs fit in the cores and the n biggest by memory fit in free memory. At
 * least one (a single target too big for the host still runs, alone), at most the number of
 * targets. For a plan whose targets are alike this is min(cores / num_cpus, free / memory).
 *
 * Why vCPUs against cores: under TCG every vCPU is a host thread that is busy whenever the
 * guest runs, so oversubscribing slows every target down, and a multi-vCPU guest whose vCPU
 * threads wait for a core pays for it at every cross-CPU TLB flush. Why guest memory in full:
 * QEMU allocates guest RAM lazily, but a test may touch all of it, and a host that starts
 * swapping (or the OOM killer) costs far more than a lost slot.
 */
function autoJobs(targets, cores, freeBytes) {
    if (!targets.length)
        return 1;
    const cpus = targets.map((t) => Math.max(1, t.vm.numCpus)).sort((a, b) => b - a);
    const mems = targets.map((t) => memoryBytes(t.vm.memory)).sort((a, b) => b - a);
    let n = 0;
    let cpuSum = 0;
    let memSum = 0;
    while (n < targets.length) {
        cpuSum += cpus[n];
        memSum += mems[n];
        if (cpuSum > cores || memSum > freeBytes)
            break;
        n++;
    }
    return Math.max(1, n);
}
/**
 * Memory the engine may plan with: the host's free (available) memory, capped by a cgroup
 * limit when the process runs under one (a container). `constrained` is what
 * `process.constrainedMemory()` reports: undefined or 0 when there is no limit, and cgroup v2
 * "max" can show up as a huge number.
 */
function memoryBudget(freeBytes, constrained) {
    if (constrained === undefined || !Number.isFinite(constrained) || constrained <= 0 || constrained >= 2 ** 53)
        return freeBytes;
    return Math.min(freeBytes, constrained);
}
/** A file-system-safe, unique-per-plan folder name for a target's logs. */
function targetSlug(target) {
    const base = target.name
        .replace(/[^A-Za-z0-9._-]+/g, '_')
        .replace(/^[._]+/, '')
        .slice(0, 60) || 'target';
    return `${String(target.origin.index + 1).padStart(2, '0')}-${base}`;
}

;// CONCATENATED MODULE: ./.build/src/plan/test-results.js
// The parsed test-suite results a target carries (TargetResult.tests), shared by the parsers
// in analysis/ that produce them and the reporters that show them. One shape per format,
// tagged by `format`, so a reporter switches on it and nothing a parser found (nested
// failures, excerpts, the program's own summary line) is squeezed out on the way.
/** True when a KTAP summary has any failure, bail-out or broken plan, at any level. */
function ktapHasFailures(s) {
    return s.top.failed + s.nested.failed + s.bailouts + s.planProblems > 0;
}
/**
 * How many failures the parsed output holds, at every level: what `fail_on_test_failure`
 * counts. KTAP: failing tests and subtests, bail-outs and broken plans; test_progs: failing
 * tests and subtests but those under a test that still reported OK (or, with no result
 * lines parsed, the program's own FAILED count).
 */
function failingTestCount(s) {
    switch (s.format) {
        case 'ktap':
            return s.top.failed + s.nested.failed + s.bailouts + s.planProblems;
        case 'test_progs':
            return Math.max(s.tests.failed + s.subtests.failed - (s.subtestsUnderPassing ?? 0), s.reported?.failed ?? 0);
        case 'bpf_summary':
            return Math.max(s.failed, s.reported?.failed ?? 0);
    }
}

;// CONCATENATED MODULE: ./.build/src/analysis/excerpt.js
// A bounded excerpt of a test's output for its failure report. Test programs print the
// useful line anywhere: kselftest's `[FAIL]` early, then pages of progress, then the result.
// Keeping only the last lines (a tail) drops the line that explains the failure, and keeping
// everything is unbounded. So an excerpt keeps the first lines, the last lines and, in
// between, the lines that look like a failure report, each cut to a fixed width.
const HEAD = 6;
const excerpt_TAIL = 20;
const SALIENT = 10;
const WIDTH = 300;
/** Lines that usually say what went wrong, whatever the test framework. */
const SALIENT_RE = /FAIL|not ok|Bail out|\berror\b|Error|ERROR|Expected|expected|assert|Assert|WARNING|BUG:|Oops|Call Trace/;
function cut(line) {
    return line.length > WIDTH ? `${line.slice(0, WIDTH - 1)}…` : line;
}
function createExcerpt() {
    let head = [];
    let salient = [];
    /** Ring buffer of the last TAIL lines, with the index each line had. */
    let tail = [];
    let count = 0;
    const add = (line) => {
        const text = cut(line);
        const at = count++;
        if (head.length < HEAD) {
            head.push(text);
            return;
        }
        tail.push({ at, text });
        if (tail.length > excerpt_TAIL) {
            const out = tail.shift();
            if (out && salient.length < SALIENT && SALIENT_RE.test(out.text))
                salient.push(out);
        }
    };
    const lines = () => {
        const out = head.slice();
        let next = head.length;
        for (const e of [...salient, ...tail]) {
            if (e.at > next)
                out.push('…');
            out.push(e.text);
            next = e.at + 1;
        }
        return out;
    };
    const reset = () => {
        head = [];
        salient = [];
        tail = [];
        count = 0;
    };
    return {
        add,
        lines,
        reset,
        get count() {
            return count;
        },
    };
}

;// CONCATENATED MODULE: ./.build/src/analysis/bpf-summaries.js


const MAX_FAILURES = 2000;
const MAX_EXCERPTS = 200;
/** `#12/p description OK`, `#3/u description 2 cases OK`, `#7/p description FAIL retval 1 != 2`. */
const VERIFIER_CASE_RE = /^#(\d+)\/([up]) (.*?) (?:\d+ cases )?(OK|SKIP|FAIL)\b(.*)$/;
const VERIFIER_SUMMARY_RE = /^Summary: (\d+) PASSED, (\d+) SKIPPED, (\d+) FAILED$/;
const MAPS_OK_RE = /^test_maps: OK, (\d+) SKIPPED$/;
const MAPS_FAIL_RE = /^(\w+)\((\d+)\):FAIL:(.*)$/;
/** True for a line only test_verifier or test_maps prints: for format detection. */
function isBpfSummaryLine(line) {
    return VERIFIER_SUMMARY_RE.test(line) || MAPS_OK_RE.test(line) || VERIFIER_CASE_RE.test(line);
}
function createBpfSummaryParser() {
    let program;
    let passed = 0;
    let skipped = 0;
    let failed = 0;
    let failuresDropped = 0;
    let excerpts = 0;
    let reported;
    const failures = [];
    /** test_verifier explains a failure after its case line: lines go to the last failure. */
    let open;
    /** test_maps prints a check's output before its FAIL line. */
    const before = createExcerpt();
    const closeOpen = () => {
        if (open)
            open.failure.excerpt = open.excerpt.lines();
        open = undefined;
    };
    const fail = (name, first, follow) => {
        failed++;
        if (failures.length >= MAX_FAILURES) {
            failuresDropped++;
            return;
        }
        const f = { name, excerpt: [] };
        failures.push(f);
        if (excerpts >= MAX_EXCERPTS)
            return;
        excerpts++;
        const e = createExcerpt();
        for (const l of first)
            e.add(l);
        f.excerpt = e.lines();
        if (follow)
            open = { failure: f, excerpt: e };
    };
    const push = (raw) => {
        const line = text_cleanLine(text_forMatching(raw));
        const c = VERIFIER_CASE_RE.exec(line);
        if (c) {
            closeOpen();
            program = 'test_verifier';
            const res = c[4];
            if (res === 'OK')
                passed++;
            else if (res === 'SKIP')
                skipped++;
            else
                fail(`#${c[1]}/${c[2]} ${c[3]}`, c[5]?.trim() ? [`FAIL${c[5]}`] : [], true);
            return;
        }
        const s = VERIFIER_SUMMARY_RE.exec(line);
        if (s) {
            closeOpen();
            program = 'test_verifier';
            reported = { passed: Number(s[1]), skipped: Number(s[2]), failed: Number(s[3]) };
            return;
        }
        const ok = MAPS_OK_RE.exec(line);
        if (ok) {
            program = 'test_maps';
            reported = { passed: 1, skipped: Number(ok[1]), failed: 0 };
            passed++;
            skipped += Number(ok[1]);
            return;
        }
        const mf = program !== 'test_verifier' ? MAPS_FAIL_RE.exec(line) : null;
        if (mf) {
            program = 'test_maps';
            fail(`${mf[1]}:${mf[2]}`, [...before.lines(), line], false);
            before.reset();
            return;
        }
        if (open)
            open.excerpt.add(line);
        else
            before.add(line);
    };
    const result = () => {
        if (!program)
            return undefined;
        const out = {
            program,
            passed,
            skipped,
            failed,
            failures: failures.map((f) => ({
                ...f,
                excerpt: f === open?.failure ? open.excerpt.lines() : f.excerpt.slice(),
            })),
            failuresDropped,
        };
        if (reported)
            out.reported = { ...reported };
        return out;
    };
    return { push, result };
}

;// CONCATENATED MODULE: ./.build/src/analysis/tap-line.js
// One line of TAP 13/14 or KTAP, classified by plain string scanning. Every line of a
// command's output goes through here, so nothing here may backtrack: a regular expression
// like /^ok\b(?:\s+(\d+))?\s*(.*)$/ is cubic on `ok`, a long run of spaces and a character
// `.` does not match, and one such guest line stalled the whole process.

const OTHER = { kind: 'other' };
/**
 * What a cleaned, left-trimmed line is: `TAP version 13` / `KTAP version 1`, a plan `1..N`
 * (optionally `# comment`), a test point `ok`/`not ok` with an optional number and the rest
 * (description and directive), `Bail out!`, a TAP14 `# Subtest:` header, or anything else.
 */
function classifyTapText(text) {
    switch (text.charCodeAt(0)) {
        case 0x54: // T
        case 0x4b: // K
            return isVersion(text) ? { kind: 'version' } : OTHER;
        case 0x31: // 1
            return plan(text);
        case 0x6f: // o
        case 0x6e: // n
            return testPoint(text);
        case 0x42: // B
            return text.startsWith('Bail out!') ? { kind: 'bail', reason: text.slice(9).trimStart() } : OTHER;
        case 0x23: // #
            return text.slice(1).trimStart().startsWith('Subtest:') ? { kind: 'subtest' } : OTHER;
        default:
            return OTHER;
    }
}
/** A raw line that could be a TAP version, plan or test point once cleaned: it holds the
 *  words themselves, or control characters (escape sequences) that cleaning removes. */
// eslint-disable-next-line no-control-regex
const COULD_BE_TAP = /ok|1\.\.|TAP|[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
/** The one cheap pre-check: false means the line cannot start or count as TAP. */
function couldBeTap(raw) {
    return COULD_BE_TAP.test(text_forMatching(raw));
}
/** A raw output line as the TAP code sees it: bounded, cleaned of escapes and controls. */
function tapText(raw) {
    return cleanLine(forMatching(raw));
}
function isVersion(text) {
    const at = text.startsWith('TAP version ') ? 12 : text.startsWith('KTAP version ') ? 13 : -1;
    if (at < 0)
        return false;
    const end = digitsEnd(text, at);
    return end > at && text.slice(end).trim() === '';
}
function plan(text) {
    if (!text.startsWith('1..'))
        return OTHER;
    const end = digitsEnd(text, 3);
    if (end === 3)
        return OTHER;
    const rest = text.slice(end).trimStart();
    if (rest !== '' && !rest.startsWith('#'))
        return OTHER;
    return { kind: 'plan', count: Number(text.slice(3, end)) };
}
function testPoint(text) {
    const notOk = text.startsWith('not ok');
    if (!notOk && !text.startsWith('ok'))
        return OTHER;
    const at = notOk ? 6 : 2;
    // `ok` must end a word: `okay` is not a test point.
    if (isWordChar(text.charCodeAt(at)))
        return OTHER;
    const after = text.slice(at);
    const trimmed = after.trimStart();
    // The number needs whitespace before it (`ok 1`); `ok1` ended above, `ok-1` has none.
    const end = trimmed.length < after.length ? digitsEnd(trimmed, 0) : 0;
    if (end === 0)
        return { kind: 'point', notOk, rest: trimmed };
    return { kind: 'point', notOk, number: Number(trimmed.slice(0, end)), rest: trimmed.slice(end).trimStart() };
}
function digitsEnd(text, from) {
    let i = from;
    while (i < text.length) {
        const c = text.charCodeAt(i);
        if (c < 0x30 || c > 0x39)
            break;
        i++;
    }
    return i;
}
function isWordChar(c) {
    return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}
/**
 * Whether output carries TAP/KTAP, decided as the lines stream by: a version line, or a plan
 * plus a test point, each at the start of its line (indented ones are nested or quoted).
 */
class TapDetector {
    version = false;
    plan = false;
    point = false;
    push(raw) {
        if (this.detected || !couldBeTap(raw))
            return;
        const line = tapText(raw);
        if (line.length > 0 && line !== line.trimStart())
            return;
        const kind = classifyTapText(line).kind;
        if (kind === 'version')
            this.version = true;
        else if (kind === 'plan')
            this.plan = true;
        else if (kind === 'point')
            this.point = true;
    }
    get detected() {
        return this.version || (this.plan && this.point);
    }
}

;// CONCATENATED MODULE: ./.build/src/analysis/ktap.js




const MAX_DEPTH = 8;
/** Failures and skips kept by name; later ones are only counted. */
const MAX_ITEMS = 2000;
/** Failures that keep an excerpt of their output. */
const ktap_MAX_EXCERPTS = 200;
/** Lines a TAP failure takes from the diagnostics after it. */
const MAX_AFTER_LINES = 40;
const TIMESTAMP_RE = /^\[\s*\d+\.\d+\]\s?/;
// Lines are classified by tap-line.ts (plain scanning, linear in the line's length) and the
// names below are cut out with indexOf/split, not regular expressions that could backtrack.
/** `# Subtest: name` → `name`. */
function subtestName(text) {
    if (!text.startsWith('#'))
        return undefined;
    const t = text.slice(1).trimStart();
    return t.startsWith('Subtest:') ? t.slice(8).trim() : undefined;
}
/** `selftests: net: foo.sh` → ['net', 'foo.sh'] (the runner's names; `net:foo.sh` too). */
function ksftName(text) {
    if (!text.startsWith('selftests:'))
        return undefined;
    const rest = text.slice(10).trimStart();
    let end = 0;
    while (end < rest.length && !/\s/.test(rest.charAt(end)))
        end++;
    const word = rest.slice(0, end);
    const colon = word.lastIndexOf(':');
    if (colon <= 0)
        return undefined;
    const test = `${word.slice(colon + 1)}${rest.slice(end)}`.trim();
    return test ? [word.slice(0, colon), test] : undefined;
}
/** `#  RUN  fixture.test ...` (the kselftest harness) → `fixture.test`. */
function harnessRun(text) {
    if (!text.startsWith('#') || !/\s/.test(text.charAt(1)))
        return undefined;
    const t = text.slice(1).trimStart();
    if (!t.startsWith('RUN') || !/\s/.test(t.charAt(3)))
        return undefined;
    const rest = t.slice(3).trim();
    if (!rest.endsWith('...'))
        return undefined;
    const name = rest.slice(0, -3).trimEnd();
    return name && !/\s/.test(name) ? name : undefined;
}
/** Splits `desc # DIRECTIVE reason` at the first unescaped `#`. */
function splitDirective(rest) {
    let idx = -1;
    for (let i = 0; i < rest.length; i++) {
        if (rest[i] === '\\')
            i++;
        else if (rest[i] === '#') {
            idx = i;
            break;
        }
    }
    const name = (idx >= 0 ? rest.slice(0, idx) : rest)
        .trim()
        .replace(/^-\s*/, '')
        .replace(/\\([\\#])/g, '$1');
    if (idx < 0)
        return { name };
    const text = rest.slice(idx + 1).trim();
    const word = /^[A-Za-z]+/.exec(text)?.[0]?.toLowerCase() ?? '';
    let kind = 'other';
    if (word.startsWith('skip'))
        kind = 'skip';
    else if (word === 'todo' || word === 'xfail')
        kind = 'todo';
    else if (word === 'timeout')
        kind = 'timeout';
    return { name, directive: { kind, text } };
}
/** `selftests: net: foo.sh` (kselftest's runner) → `net:foo.sh`; other names as they are. */
function pointName(name, num, directive, header) {
    const k = ksftName(name);
    if (k)
        return `${k[0]}:${k[1]}`;
    if (name)
        return name;
    if (header)
        return header;
    // ksft_test_result_skip/xfail print the name after the directive: `ok 3 # SKIP name`.
    const after = directive?.text.replace(/^\S+\s*/, '');
    if (directive && directive.kind !== 'other' && after)
        return after;
    return num !== undefined ? `#${num}` : '#?';
}
/** A line announcing the next test point's name: `# Subtest: x`, the kselftest runner's
 *  `# selftests: dir: test`, the kselftest harness's `#  RUN  fixture.test ...`. */
function headerName(text) {
    const sub = subtestName(text);
    if (sub !== undefined)
        return sub;
    const k = text.startsWith('#') ? ksftName(text.slice(1).trimStart()) : undefined;
    if (k && !/\s/.test(k[1]))
        return `${k[0]}:${k[1]}`;
    return harnessRun(text);
}
/** How a line at a level starts a child level: the extra prefix, or undefined. */
function childPrefix(rest) {
    let q;
    if (rest.startsWith('# '))
        q = '# ';
    else {
        const ws = /^\s+/.exec(rest)?.[0];
        if (!ws)
            return undefined;
        q = ws;
    }
    const inner = rest.slice(q.length);
    const kind = classifyTapText(inner).kind;
    if (kind === 'version' || kind === 'subtest' || kind === 'plan')
        return q;
    // An indented test point may open a block without a header (TAP 14 allows it); a `# `
    // prefixed one is a comment unless a header opened the block.
    if (q !== '# ' && kind === 'point')
        return q;
    return undefined;
}
function hasPrefix(line, prefix) {
    if (prefix === '')
        return true;
    if (line.startsWith(prefix))
        return true;
    // prefix.pl turns an empty line into `# `, which loses its trailing space in cleaning.
    return prefix.endsWith('# ') && line === prefix.slice(0, -1);
}
function newLevel(prefix) {
    return {
        prefix,
        count: 0,
        bailed: false,
        excerpt: createExcerpt(),
        childItems: [],
        items: [],
        inYaml: false,
        tapAfter: false,
        afterOpen: false,
    };
}
/** Items that reached the outermost level: their names are complete. */
function emit(items, into) {
    for (const it of items) {
        const name = it.segments.join('/') || '(unnamed)';
        if (it.kind === 'skip') {
            into.skips.push({ name, reason: it.reason ?? '', nested: it.nested });
            continue;
        }
        const f = {
            name,
            kind: it.kind,
            nested: it.nested,
            underPassingParent: it.underPassingParent,
            excerpt: it.excerpt,
        };
        if (it.number !== undefined)
            f.number = it.number;
        if (it.reason)
            f.reason = it.reason;
        into.failures.push(f);
    }
}
class KtapState {
    opts;
    stack = [];
    lastCollection;
    baseIndent = '';
    st = {
        seen: false,
        documents: 0,
        planned: 0,
        top: { passed: 0, failed: 0, skipped: 0, todo: 0 },
        nested: { passed: 0, failed: 0, skipped: 0, todo: 0 },
        bailouts: 0,
        planProblems: 0,
        failures: [],
        failuresDropped: 0,
        skips: [],
        skipsDropped: 0,
        items: 0,
        excerpts: 0,
    };
    constructor(opts) {
        this.opts = opts;
    }
    /** An item for a result, or undefined when past the cap (then only counted). */
    makeItem(seg, kind, depth, num, reason, excerpt) {
        if (this.st.items >= MAX_ITEMS) {
            if (kind === 'skip')
                this.st.skipsDropped++;
            else
                this.st.failuresDropped++;
            return undefined;
        }
        this.st.items++;
        const item = { segments: seg ? [seg] : [], kind, nested: depth > 0, underPassingParent: false, excerpt: [] };
        if (num !== undefined)
            item.number = num;
        if (reason)
            item.reason = reason;
        if (excerpt && kind !== 'skip' && this.st.excerpts < ktap_MAX_EXCERPTS) {
            this.st.excerpts++;
            item.excerpt = excerpt.lines();
        }
        return item;
    }
    /** The plan check when a document ends: the items it adds (a broken plan is a failure). */
    planItem(lv, depth) {
        if (lv.bailed || lv.count === 0)
            return undefined;
        if (lv.planned === undefined) {
            // Nested output without a plan is common (scripts printing TAP-like lines); only the
            // outermost document must have one.
            if (depth > 0)
                return undefined;
            this.st.planProblems++;
            return this.makeItem('', 'plan', depth, undefined, `no plan (${lv.count} tests ran)`);
        }
        if (lv.count === lv.planned)
            return undefined;
        this.st.planProblems++;
        return this.makeItem('', 'plan', depth, undefined, `planned ${lv.planned} tests but ${lv.count} ran`);
    }
    /** Closes the levels deeper than `depth`; their items wait for that level's next point. */
    closeBelow(depth) {
        while (this.stack.length > depth + 1) {
            const child = this.stack.pop();
            const parent = this.stack[this.stack.length - 1];
            const p = this.planItem(child, this.stack.length);
            parent.childItems.push(...child.items, ...child.childItems, ...(p ? [p] : []));
        }
    }
    /** Ends the outermost document (a new one starts, or the stream ends). */
    endDocument() {
        this.closeBelow(0);
        const lv = this.stack[0];
        if (!lv)
            return;
        const p = this.planItem(lv, 0);
        const rest = [...lv.childItems, ...(p ? [p] : [])];
        // A plan problem of the outermost document is named after its collection.
        if (p)
            p.segments = [this.lastCollection ?? `TAP document ${this.st.documents}`];
        emit(rest, this.st);
        this.stack.length = 0;
    }
    onPoint(depth, notOk, num, rest) {
        this.closeBelow(depth);
        const lv = this.stack[depth];
        if (lv.bailed)
            return;
        lv.count++;
        const { name: raw, directive } = splitDirective(rest);
        const name = pointName(raw, num, directive, lv.header);
        if (depth === 0)
            this.lastCollection = /^([^:/\s]+):/.exec(name)?.[1] ?? this.lastCollection;
        const counts = depth === 0 ? this.st.top : this.st.nested;
        let own;
        const passedParent = !notOk && directive?.kind !== 'skip';
        if (directive?.kind === 'skip') {
            counts.skipped++;
            own = this.makeItem(name, 'skip', depth, num, directive.text.replace(/^\S+\s*/, ''));
        }
        else if (directive?.kind === 'todo')
            counts.todo++;
        else if (!notOk)
            counts.passed++;
        else {
            counts.failed++;
            own = this.makeItem(name, directive?.kind === 'timeout' ? 'timeout' : 'fail', depth, num, directive?.text, lv.excerpt);
        }
        for (const c of lv.childItems) {
            c.segments.unshift(name);
            if (passedParent && c.segments.length === 2 && c.kind !== 'skip')
                c.underPassingParent = true;
        }
        const items = [...(own ? [own] : []), ...lv.childItems];
        lv.childItems = [];
        lv.excerpt.reset();
        lv.header = undefined;
        lv.lastFailure = own && own.kind !== 'skip' ? own : undefined;
        // Bounded like the excerpts: only failures that kept one take the lines after them.
        lv.afterOpen = lv.tapAfter && lv.lastFailure !== undefined && this.st.excerpts < ktap_MAX_EXCERPTS;
        if (depth === 0)
            emit(items, this.st);
        else
            lv.items.push(...items);
    }
    onBail(depth, reason) {
        this.closeBelow(depth);
        const lv = this.stack[depth];
        if (lv.bailed)
            return;
        lv.bailed = true;
        this.st.bailouts++;
        const item = this.makeItem('', 'bail', depth, undefined, `Bail out! ${reason}`.trim(), lv.excerpt);
        if (!item)
            return;
        if (depth === 0) {
            item.segments = [this.lastCollection ?? `TAP document ${this.st.documents}`];
            emit([item], this.st);
        }
        else
            lv.childItems.push(item);
    }
    /** A TAP line (version, plan, point, bail) at `depth`, `text` without the level's prefix. */
    onTapLine(depth, text) {
        const t = classifyTapText(text);
        if (t.kind === 'version') {
            if (depth === 0) {
                this.endDocument();
                this.stack.push(newLevel(this.stack[0]?.prefix ?? this.baseIndent));
                this.stack[0].tapAfter = text.startsWith('TAP');
                this.st.documents++;
            }
            else {
                this.closeBelow(depth);
                const lv = this.stack[depth];
                const p = this.planItem(lv, depth);
                if (p)
                    lv.childItems.push(p);
                delete lv.planned;
                lv.count = 0;
                lv.bailed = false;
            }
            return true;
        }
        if (t.kind === 'plan') {
            this.closeBelow(depth);
            const lv = this.stack[depth];
            lv.planned = t.count;
            if (depth === 0)
                this.st.planned += lv.planned;
            return true;
        }
        if (t.kind === 'point') {
            this.onPoint(depth, t.notOk, t.number, t.rest);
            return true;
        }
        if (t.kind === 'bail') {
            this.onBail(depth, t.reason);
            return true;
        }
        return false;
    }
    /** Every open level from `depth` up sees the line as output (for excerpts). */
    addOutput(depth, line) {
        for (let d = 0; d <= depth && d < this.stack.length; d++) {
            const lv = this.stack[d];
            lv.excerpt.add(line.slice(Math.min(lv.prefix.length, line.length)));
        }
    }
    /** A YAML block directly after a failing point belongs to it. */
    onYaml(lv, rest) {
        const t = rest.trim();
        if (lv.inYaml) {
            if (t === '...')
                lv.inYaml = false;
            else if (lv.lastFailure && lv.lastFailure.excerpt.length < 40)
                lv.lastFailure.excerpt.push(t);
            return true;
        }
        if (t === '---' && rest.startsWith(' ') && lv.lastFailure) {
            lv.inYaml = true;
            return true;
        }
        return false;
    }
    push(raw) {
        // Before the TAP starts, skip the cleaning of the (often many) lines that cannot start it.
        if (!this.st.seen && !couldBeTap(raw))
            return;
        let line = text_cleanLine(text_forMatching(raw));
        if (this.opts.console)
            line = line.replace(TIMESTAMP_RE, '');
        if (!this.st.seen) {
            const text = line.trimStart();
            const kind = classifyTapText(text).kind;
            if (kind !== 'version' && kind !== 'plan' && kind !== 'point')
                return;
            this.st.seen = true;
            this.baseIndent = line.slice(0, line.length - text.length);
            if (kind !== 'version') {
                this.stack.push(newLevel(this.baseIndent));
                this.stack[0].tapAfter = true;
                this.st.documents++;
            }
        }
        // The deepest open level whose prefix the line carries owns it.
        let depth = this.stack.length - 1;
        while (depth > 0 && !hasPrefix(line, this.stack[depth].prefix))
            depth--;
        if (depth < 0 || !hasPrefix(line, this.stack[0]?.prefix ?? this.baseIndent)) {
            if (depth < 0 && classifyTapText(line.trimStart()).kind === 'version')
                this.onTapLine(0, line.trimStart());
            return;
        }
        const lv = this.stack[depth];
        const rest = line.slice(Math.min(lv.prefix.length, line.length));
        if (this.onYaml(lv, rest))
            return;
        if (this.onTapLine(depth, rest)) {
            // A subtest's result is part of its parents' output.
            if (depth > 0)
                this.addOutput(depth - 1, line);
            return;
        }
        const q = depth + 1 < MAX_DEPTH ? childPrefix(rest) : undefined;
        if (q !== undefined) {
            lv.afterOpen = false;
            this.stack.push(newLevel(lv.prefix + q));
            const inner = rest.slice(q.length);
            const sub = subtestName(inner);
            if (sub !== undefined)
                this.stack[depth + 1].header = sub;
            else
                this.onTapLine(depth + 1, inner);
            this.addOutput(depth, line);
            return;
        }
        const header = headerName(rest);
        if (header)
            lv.header = header;
        if (header || rest.trim() === '')
            lv.afterOpen = false;
        else if (lv.afterOpen && lv.lastFailure && lv.lastFailure.excerpt.length < MAX_AFTER_LINES)
            lv.lastFailure.excerpt.push(rest.length > 300 ? `${rest.slice(0, 299)}…` : rest);
        this.addOutput(depth, line);
    }
    /** What the open levels hold at the end of the stream (or mid-stream), named as far as
     *  the headers tell, computed on copies so that result() leaves the parser's state alone. */
    pendingItems() {
        let planProblems = 0;
        let carry = [];
        const copy = (i) => ({ ...i, segments: i.segments.slice() });
        for (let d = this.stack.length - 1; d >= 0; d--) {
            const lv = this.stack[d];
            const below = [...lv.childItems.map(copy), ...carry];
            const broken = !lv.bailed && lv.count > 0 && (lv.planned === undefined ? d === 0 : lv.count !== lv.planned);
            const plan = [];
            if (broken) {
                planProblems++;
                const reason = lv.planned === undefined
                    ? `no plan (${lv.count} tests ran)`
                    : `planned ${lv.planned} tests but ${lv.count} ran`;
                plan.push({ segments: [], kind: 'plan', reason, nested: d > 0, underPassingParent: false, excerpt: [] });
            }
            // Items of the unfinished point at this level are named after its header.
            for (const i of below)
                i.segments.unshift(lv.header ?? '(unfinished)');
            carry = [...lv.items.map(copy), ...below, ...plan];
        }
        for (const i of carry)
            if (i.segments.length === 0)
                i.segments = [this.lastCollection ?? `TAP document ${this.st.documents}`];
        return { items: carry, planProblems };
    }
    result() {
        if (!this.st.seen)
            return undefined;
        const out = { failures: this.st.failures.slice(), skips: this.st.skips.slice() };
        const pending = this.pendingItems();
        emit(pending.items, out);
        return {
            documents: this.st.documents,
            planned: this.st.planned,
            top: { ...this.st.top },
            nested: { ...this.st.nested },
            bailouts: this.st.bailouts,
            planProblems: this.st.planProblems + pending.planProblems,
            failures: out.failures,
            failuresDropped: this.st.failuresDropped,
            skips: out.skips,
            skipsDropped: this.st.skipsDropped,
        };
    }
}
function createKtapParser(opts = {}) {
    return new KtapState(opts);
}
/** The whole-array form of createKtapParser(). */
function parseKtap(lines, opts) {
    const p = createKtapParser(opts);
    for (const l of lines)
        p.push(l);
    return p.result();
}

;// CONCATENATED MODULE: ./.build/src/analysis/test-progs.js


const test_progs_MAX_FAILURES = 2000;
const test_progs_MAX_EXCERPTS = 200;
/** Test numbers remembered to count a result once (test_progs has ~600 tests, ~3000 subtests). */
const MAX_SEEN = 100_000;
/** `#12 name:OK`, `#12/3 name/sub:FAIL`, `#12 name:OK (SKIP: 2/5)`. The name may hold `:`. */
const RESULT_RE = /^#(\d+)(?:\/(\d+))?\s+(.+):(OK|SKIP|FAIL)(?: \(SKIP: \d+\/\d+\))?$/;
const SUMMARY_RE = /^Summary: (\d+)\/(\d+) PASSED, (\d+) SKIPPED, (\d+) FAILED$/;
const ERROR_LOGS_RE = /^All error logs:$/;
/** True for a line only test_progs prints (a result or its summary): for format detection. */
function isTestProgsLine(line) {
    return RESULT_RE.test(line) || SUMMARY_RE.test(line);
}
function createTestProgsParser() {
    let seen = false;
    const tests = { passed: 0, skipped: 0, failed: 0 };
    const subtests = { passed: 0, skipped: 0, failed: 0 };
    const failures = [];
    const byNumber = new Map();
    let failuresDropped = 0;
    let excerpts = 0;
    let reported;
    const counted = new Set();
    /** Failing subtests whose test has not reported yet (its line follows theirs). */
    const awaitingParent = new Map();
    let subtestsUnderPassing = 0;
    /** Output since the last result line (a subtest's log) and since the last test line. */
    const sinceResult = createExcerpt();
    const sinceTest = createExcerpt();
    const onResult = (num, sub, name, res) => {
        const key = sub ? `${num}/${sub}` : num;
        const log = sub ? sinceResult : sinceTest;
        const excerpt = log.count > 0 ? log.lines() : [];
        sinceResult.reset();
        if (!sub)
            sinceTest.reset();
        const known = byNumber.get(key);
        if (counted.has(key)) {
            // The `All error logs:` section repeats a failure: keep its log if the first had none.
            if (known && known.excerpt.length === 0 && excerpts < test_progs_MAX_EXCERPTS && excerpt.length > 0) {
                known.excerpt = excerpt;
                excerpts++;
            }
            return;
        }
        if (counted.size < MAX_SEEN)
            counted.add(key);
        if (!sub)
            subtestsUnderPassing += judgeSubtests(awaitingParent, num, res);
        const counts = sub ? subtests : tests;
        if (res === 'OK')
            counts.passed++;
        else if (res === 'SKIP')
            counts.skipped++;
        else {
            counts.failed++;
            if (failures.length >= test_progs_MAX_FAILURES) {
                failuresDropped++;
                return;
            }
            const f = { name, number: key, subtest: sub !== undefined, excerpt: [] };
            if (excerpts < test_progs_MAX_EXCERPTS) {
                f.excerpt = excerpt;
                excerpts++;
            }
            failures.push(f);
            byNumber.set(key, f);
            if (sub && awaitingParent.size < MAX_SEEN)
                awaitingParent.set(num, [...(awaitingParent.get(num) ?? []), f]);
        }
    };
    const push = (raw) => {
        const line = text_cleanLine(text_forMatching(raw));
        const r = RESULT_RE.exec(line);
        if (r) {
            seen = true;
            onResult(r[1], r[2], r[3], r[4]);
            return;
        }
        const s = SUMMARY_RE.exec(line);
        if (s) {
            seen = true;
            reported = { passed: Number(s[1]), subtestsPassed: Number(s[2]), skipped: Number(s[3]), failed: Number(s[4]) };
            return;
        }
        if (ERROR_LOGS_RE.test(line)) {
            sinceResult.reset();
            sinceTest.reset();
            return;
        }
        sinceResult.add(line);
        sinceTest.add(line);
    };
    const result = () => {
        if (!seen)
            return undefined;
        const out = {
            tests: { ...tests },
            subtests: { ...subtests },
            failures: failures.map((f) => ({ ...f, excerpt: f.excerpt.slice() })),
            failuresDropped,
        };
        if (subtestsUnderPassing)
            out.subtestsUnderPassing = subtestsUnderPassing;
        if (reported)
            out.reported = { ...reported };
        return out;
    };
    return { push, result };
}
/** A test's own verdict on its failing subtests (waiting for it in `awaiting`): an OK (or
 *  SKIP) over them means the test cleared its state on purpose, so they do not count as
 *  failing. Returns how many it cleared. */
function judgeSubtests(awaiting, num, res) {
    const waiting = awaiting.get(num);
    if (!waiting)
        return 0;
    awaiting.delete(num);
    if (res === 'FAIL')
        return 0;
    for (const f of waiting)
        f.underPassingParent = true;
    return waiting.length;
}
/** The whole-array form of createTestProgsParser(). */
function parseTestProgs(lines) {
    const p = createTestProgsParser();
    for (const l of lines)
        p.push(l);
    return p.result();
}
function num(v) {
    return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}
/** A log message from the JSON, as excerpt lines (bounded like the text parser's). */
function messageLines(v) {
    if (typeof v !== 'string' || v === '')
        return [];
    const e = createExcerpt();
    for (const l of v.split('\n'))
        if (l !== '')
            e.add(text_cleanLine(text_forMatching(l)));
    return e.lines();
}
/**
 * The `-J FILE` summary: `{"success", "success_subtest", "skipped", "failed", "results":
 * [{"name", "number", "message", "failed", "subtests": [{"name", "number", "message",
 * "failed"}]}]}`. It lists failing tests only (and their failing subtests), so passed and
 * skipped counts come from its totals. Undefined when the text is not that shape.
 */
function parseTestProgsJson(text) {
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    if (typeof doc !== 'object' || doc === null)
        return undefined;
    const d = doc;
    const passed = num(d.success);
    const subtestsPassed = num(d.success_subtest);
    const skipped = num(d.skipped);
    const failed = num(d.failed);
    if (passed === undefined || subtestsPassed === undefined || skipped === undefined || failed === undefined)
        return undefined;
    const failures = [];
    let failuresDropped = 0;
    let subFailed = 0;
    const add = (f) => {
        if (failures.length < test_progs_MAX_FAILURES)
            failures.push(f);
        else
            failuresDropped++;
    };
    for (const r of Array.isArray(d.results) ? d.results : []) {
        if (typeof r !== 'object' || r === null)
            continue;
        const t = r;
        const name = typeof t.name === 'string' ? t.name : '?';
        const n = num(t.number) ?? 0;
        if (t.failed === true)
            add({ name, number: String(n), subtest: false, excerpt: messageLines(t.message) });
        for (const s of Array.isArray(t.subtests) ? t.subtests : []) {
            if (typeof s !== 'object' || s === null || s.failed !== true)
                continue;
            const st = s;
            subFailed++;
            const sname = typeof st.name === 'string' ? st.name : '?';
            add({
                name: `${name}/${sname}`,
                number: `${n}/${num(st.number) ?? 0}`,
                subtest: true,
                excerpt: messageLines(st.message),
            });
        }
    }
    return {
        // `success` counts every test without an error, skipped ones included (test_progs.c).
        tests: { passed, skipped, failed },
        subtests: { passed: subtestsPassed, skipped: 0, failed: subFailed },
        failures,
        failuresDropped,
        reported: { passed, subtestsPassed, skipped, failed },
    };
}

;// CONCATENATED MODULE: ./.build/src/analysis/suite-format.js



const VERSION_RE = /^\s*K?TAP version \d+$/;
const PLAN_RE = /^\s*1\.\.\d+(?:\s*#.*)?$/;
const POINT_RE = /^\s*(?:not ok|ok)\b/;
/** Lines that can matter start (after spaces) with one of these. */
// eslint-disable-next-line no-control-regex
const MAY_MATTER_RE = /^\s*(?:K?TAP|1\.\.|#\d|Summary:|test_maps:|ok|not ok)|[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
function createFormatDetector() {
    let format;
    let plan = false;
    let point = false;
    const push = (raw) => {
        if (format || !MAY_MATTER_RE.test(raw))
            return format;
        const line = text_cleanLine(text_forMatching(raw));
        if (VERSION_RE.test(line))
            format = 'ktap';
        else if (isTestProgsLine(line))
            format = 'test_progs';
        else if (isBpfSummaryLine(line))
            format = 'bpf_summary';
        else {
            // TAP without a version line: a plan and a test point at the same indentation.
            if (PLAN_RE.test(line))
                plan = true;
            else if (POINT_RE.test(line))
                point = true;
            if (plan && point)
                format = 'ktap';
        }
        return format;
    };
    return {
        push,
        get format() {
            return format;
        },
    };
}
/** The format of a whole array of lines, or undefined. */
function detectSuiteFormat(lines) {
    const d = createFormatDetector();
    for (const l of lines)
        if (d.push(l))
            return d.format;
    return undefined;
}

;// CONCATENATED MODULE: ./.build/src/analysis/suite-watch.js






function summaryOf(format, p) {
    if (format === 'ktap') {
        const s = p.ktap?.result();
        return s && { format, ...s };
    }
    if (format === 'test_progs') {
        const s = p.progs?.result();
        return s && { format, ...s };
    }
    const s = p.bpf?.result();
    return s && { format, ...s };
}
function createSuiteWatch(mode) {
    const p = {};
    if (mode !== 'test_progs')
        p.ktap = createKtapParser();
    if (mode !== 'tap') {
        p.progs = createTestProgsParser();
        p.bpf = createBpfSummaryParser();
    }
    const detector = mode === 'auto' ? createFormatDetector() : undefined;
    let format = mode === 'tap' ? 'ktap' : undefined;
    const push = (line) => {
        if (detector && !format) {
            format = detector.push(line);
            // The other parsers are done with: they stop costing anything.
            if (format !== undefined && format !== 'ktap')
                delete p.ktap;
            if (format !== undefined && format !== 'test_progs')
                delete p.progs;
            if (format !== undefined && format !== 'bpf_summary')
                delete p.bpf;
        }
        p.ktap?.push(line);
        p.progs?.push(line);
        p.bpf?.push(line);
    };
    const result = () => {
        if (format)
            return summaryOf(format, p);
        // test_output: test_progs takes whichever BPF program the output came from.
        if (mode === 'test_progs')
            return summaryOf('test_progs', p) ?? summaryOf('bpf_summary', p);
        return undefined;
    };
    return { push, result };
}
/** printk's `[    1.234567] ` timestamp (the console's KTAP carries it). */
const suite_watch_TIMESTAMP_RE = /^\[\s*\d+\.\d+\]\s?/;
/** A console line that is a KTAP/TAP version line at the outermost level (after the
 *  printk timestamp, if any): the kernel started printing test results. */
function isConsoleKtapHeader(raw) {
    if (!couldBeTap(raw))
        return false;
    const line = text_cleanLine(text_forMatching(raw)).replace(suite_watch_TIMESTAMP_RE, '');
    return line === line.trimStart() && classifyTapText(line).kind === 'version';
}
/**
 * KTAP on the kernel console (KUnit runs built-in tests at boot and prints their results
 * there). `always`: parse whatever TAP the console shows (`test_output_source: console`);
 * otherwise only from the first KTAP header on, so a stray `ok` in a boot message cannot
 * start a document (`auto`).
 */
function createConsoleKtapWatch(always) {
    const parser = createKtapParser({ console: true });
    let seen = false;
    return {
        push(line) {
            if (!seen && isConsoleKtapHeader(line))
                seen = true;
            if (seen || always)
                parser.push(line);
        },
        get seen() {
            return seen;
        },
        result() {
            const s = parser.result();
            return s && { format: 'ktap', ...s };
        },
    };
}

;// CONCATENATED MODULE: ./.build/src/engine/test-json.js
// test_progs' `-J FILE` JSON summary (kernels since 6.4), when the command writes it into the
// workspace: the host reads it after the command has ended. The path comes from the command
// line as the user wrote it; the file itself is guest-written, so it is read only when it
// is a regular file inside the workspace (no symlink out of it, nothing older than this
// run), and only up to a bound.



/** Where the guest sees the workspace (qemu/argv.ts shares it there). */
const GUEST_SHARE = '/mnt/vmtest';
/** A summary of test_progs' ~600 tests with logs is a few megabytes at most. */
const MAX_TEST_JSON_BYTES = 16 * 1024 * 1024;
/** The `-J FILE` / `--json-summary[=]FILE` argument of a command line, if any. */
function testProgsJsonArg(command) {
    const m = /(?:^|[\s;&|])(?:-J|--json-summary(?:=|\s+))\s*(["']?)([^\s"';&|]+)\1/.exec(command);
    return m?.[2];
}
/**
 * The host path of a guest path the command wrote, when it lies in the workspace:
 * `/mnt/vmtest/x` is in every guest; a kernel target on the host's root (rootfs `/`) sees
 * host paths as they are, and runs the command in the workspace, so a relative path or
 * an absolute one under the workspace works there too.
 */
function hostPathInWorkspace(target, guestPath) {
    const ws = target.sharedDir;
    let host;
    if (guestPath === GUEST_SHARE || guestPath.startsWith(`${GUEST_SHARE}/`))
        host = external_node_path_namespaceObject.join(ws, guestPath.slice(GUEST_SHARE.length));
    else if (target.kind === 'kernel' && target.rootfs === '/')
        host = external_node_path_namespaceObject.resolve(ws, guestPath);
    else
        return undefined;
    const rel = external_node_path_namespaceObject.relative(ws, host);
    return rel !== '' && !rel.startsWith('..') && !external_node_path_namespaceObject.isAbsolute(rel) ? host : undefined;
}
/** The file's text when it is a regular file really inside `workspace` (symlinks resolved,
 *  the last component not one), modified at or after `since`, and at most `max` bytes. */
function readWorkspaceFile(workspace, file, since, max = MAX_TEST_JSON_BYTES) {
    let real;
    let realWs;
    try {
        real = (0,external_node_fs_namespaceObject.realpathSync)(external_node_path_namespaceObject.dirname(file));
        realWs = (0,external_node_fs_namespaceObject.realpathSync)(workspace);
    }
    catch {
        return undefined;
    }
    const rel = external_node_path_namespaceObject.relative(realWs, external_node_path_namespaceObject.join(real, external_node_path_namespaceObject.basename(file)));
    if (rel === '' || rel.startsWith('..') || external_node_path_namespaceObject.isAbsolute(rel))
        return undefined;
    let fd;
    try {
        fd = (0,external_node_fs_namespaceObject.openSync)(external_node_path_namespaceObject.join(real, external_node_path_namespaceObject.basename(file)), external_node_fs_namespaceObject.constants.O_RDONLY | external_node_fs_namespaceObject.constants.O_NOFOLLOW | external_node_fs_namespaceObject.constants.O_NONBLOCK);
    }
    catch {
        return undefined;
    }
    try {
        const st = (0,external_node_fs_namespaceObject.fstatSync)(fd);
        if (!st.isFile() || st.size > max || st.mtimeMs < since)
            return undefined;
        const buf = Buffer.alloc(st.size);
        let got = 0;
        while (got < st.size) {
            const n = (0,external_node_fs_namespaceObject.readSync)(fd, buf, got, st.size - got, got);
            if (n === 0)
                break;
            got += n;
        }
        return buf.subarray(0, got).toString('utf8');
    }
    finally {
        (0,external_node_fs_namespaceObject.closeSync)(fd);
    }
}
/** test_progs' JSON summary for this target's command, when it wrote one this run. */
function readTestProgsJson(target, since) {
    const arg = testProgsJsonArg(target.command);
    const file = arg && hostPathInWorkspace(target, arg);
    if (!file)
        return undefined;
    const text = readWorkspaceFile(target.sharedDir, file, since);
    return text === undefined ? undefined : parseTestProgsJson(text);
}
/**
 * The text parser's results completed by the JSON's: the JSON's totals become `reported`
 * (the program's own count), the text's per-subtest results stay; without any text results
 * (output redirected elsewhere) the JSON is all there is.
 */
function mergeTestProgsJson(text, json) {
    if (!text)
        return json;
    const out = { ...text };
    if (json.reported)
        out.reported = { ...json.reported };
    if (text.failures.length === 0 && json.failures.length > 0) {
        out.failures = json.failures;
        out.failuresDropped = json.failuresDropped;
    }
    return out;
}

;// CONCATENATED MODULE: ./.build/src/engine/test-results.js



/** The run-wide flag or input wins; then the target's vmtest.toml key; then the default. */
function testSettings(target, options) {
    return {
        source: options.testOutputSource ?? target.testOutputSource ?? 'auto',
        failOnFailure: options.failOnTestFailure ?? target.failOnTestFailure ?? true,
    };
}
function createTestWatch(target, options, startedAt = Date.now()) {
    const mode = options.testOutput;
    const { source, failOnFailure } = testSettings(target, options);
    const out = mode !== 'none' && source !== 'console' ? createSuiteWatch(mode) : undefined;
    const cons = mode !== 'none' && source !== 'output' ? createConsoleKtapWatch(source === 'console') : undefined;
    const pick = () => {
        let tests = out?.result();
        if (mode === 'test_progs' || mode === 'auto') {
            // Only test_progs' own results (or none at all) are completed by its JSON summary.
            const json = !tests || tests.format === 'test_progs' ? readTestProgsJson(target, startedAt) : undefined;
            if (json)
                tests = {
                    format: 'test_progs',
                    ...mergeTestProgsJson(tests?.format === 'test_progs' ? tests : undefined, json),
                };
        }
        if (source === 'console')
            return cons?.result();
        if (source === 'auto' && !tests && cons?.seen)
            return cons.result();
        return tests;
    };
    return {
        output: (line) => out?.push(line),
        console: (line) => cons?.push(line),
        finish(result) {
            const tests = pick();
            if (!tests)
                return;
            result.tests = tests;
            const failing = failingTestCount(tests);
            if (failOnFailure && result.result === 'pass' && failing > 0) {
                result.result = 'fail';
                result.error = `${failing} failing test${failing === 1 ? '' : 's'} (fail_on_test_failure)`;
            }
        },
    };
}

;// CONCATENATED MODULE: ./.build/src/engine/run.js
// The engine: runs a plan's targets (in parallel when asked), each through the VM
// lifecycle, and feeds one event stream. Post-processing that decides a result (kernel
// splats with fail_on_splat, test results with fail_on_test_failure) happens here, before
// `target-end` reaches reporters.










// Bounds on the console kept in memory per target for splat detection (the full text is in
// the log file). Lines and characters are both bounded: a guest printing megabyte-long lines
// must not make the host hold gigabytes. Command output is not kept at all: it streams
// through the test-suite parsers (createTestWatch), whatever its size.
const CONSOLE_KEEP = 20_000;
const CONSOLE_KEEP_CHARS = 8 * 1024 * 1024;
async function runPlan(opts) {
    const { plan, sink } = opts;
    const targets = plan.targets;
    // One terminal: interactive shells take turns, so everything runs one at a time.
    const jobs = targets.some(isInteractive)
        ? 1
        : plan.options.jobs === 'auto'
            ? autoJobs(targets, (0,external_node_os_namespaceObject.availableParallelism)(), memoryBudget((0,external_node_os_namespaceObject.freemem)(), process.constrainedMemory?.()))
            : Math.max(1, plan.options.jobs);
    sink({ type: 'run-start', targets, jobs });
    const results = new Array(targets.length);
    let next = 0;
    const worker = async () => {
        while (next < targets.length) {
            const i = next++;
            results[i] = await runOne(targets[i], opts);
        }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, targets.length) }, worker));
    sink({ type: 'run-end', results });
    return results;
}
async function runOne(target, opts) {
    const { plan } = opts;
    const consoleLines = new LineTail(CONSOLE_KEEP, CONSOLE_KEEP_CHARS);
    const tests = createTestWatch(target, plan.options);
    let commandEnded = false;
    const sink = (e) => {
        // Splats (and the console's KTAP) are judged on the console up to the end of the
        // command: what the kernel says while QEMU is being stopped is not the test's doing.
        if (e.type === 'stage-end' && e.stage === 'command')
            commandEnded = true;
        if (e.type === 'console' && !commandEnded) {
            consoleLines.push(e.line);
            tests.console(e.line);
        }
        else if (e.type === 'output')
            tests.output(e.line);
        else if (e.type === 'target-end')
            run_finalize(e.result, consoleLines.toArray(), tests, plan);
        opts.sink(e);
    };
    if (opts.signal?.aborted) {
        const result = {
            name: target.name,
            arch: target.arch,
            result: 'skipped',
            exitCode: null,
            error: 'cancelled before it started',
            logs: {},
            origin: target.origin,
        };
        opts.sink({ type: 'target-start', target });
        opts.sink({ type: 'target-end', target, result });
        return result;
    }
    try {
        checkPaths([target]);
        // An image that opens files outside the workspace or its folder is refused the same way.
        await assertImageFilesAllowed(target, { setup: opts.setup });
    }
    catch (e) {
        // A missing kernel or image is this target's failure (exit 69 alone), found before boot.
        const result = {
            name: target.name,
            arch: target.arch,
            result: 'error',
            exitCode: null,
            error: e.message,
            logs: {},
            origin: target.origin,
        };
        opts.sink({ type: 'target-start', target });
        opts.sink({ type: 'target-end', target, result });
        return result;
    }
    const logDir = plan.options.logsDir ? (0,external_node_path_namespaceObject.join)(plan.options.logsDir, targetSlug(target)) : undefined;
    return runTarget({
        target,
        options: plan.options,
        sink,
        setup: opts.setup,
        signal: opts.signal,
        logDir,
        terminal: opts.terminal,
    });
}
function run_finalize(result, consoleLines, tests, plan) {
    const splats = detectSplats(consoleLines);
    if (splats.length)
        result.splats = splats;
    tests.finish(result);
    if (plan.options.failOnSplat && result.result === 'pass' && splats.length) {
        result.result = 'fail';
        result.error = `kernel splat with fail_on_splat: ${splats[0].title}`;
    }
}

;// CONCATENATED MODULE: ./.build/src/report/reporter.js
/** A reporter threw while handling an event; the other reporters still got the event. */
class ReporterError extends Error {
    eventType;
    causes;
    constructor(eventType, causes) {
        const first = causes[0];
        const why = first instanceof Error ? first.message : String(first);
        super(`reporter failed on '${eventType}' event${causes.length > 1 ? ` (${causes.length} reporters)` : ''}: ${why}`, {
            cause: first,
        });
        this.eventType = eventType;
        this.causes = causes;
        this.name = 'ReporterError';
    }
}
/**
 * One reporter that forwards every event to all of `rs`, in order. A reporter that throws
 * does not starve the ones after it: all get the event, then the failures are rethrown
 * together as a ReporterError.
 */
function fanOut(...rs) {
    return {
        onEvent(e) {
            const errors = [];
            for (const r of rs) {
                try {
                    r.onEvent(e);
                }
                catch (err) {
                    errors.push(err);
                }
            }
            if (errors.length > 0)
                throw new ReporterError(e.type, errors);
        },
        async close() {
            const settled = await Promise.allSettled(rs.map(async (r) => r.close?.()));
            const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason] : []));
            if (errors.length > 0)
                throw new ReporterError('close', errors);
        },
    };
}
/** The key of a Target, or of the TargetResult made for it (which carries its origin). */
function targetKey(t) {
    return `${t.origin.index}\u0000${t.name}`;
}

;// CONCATENATED MODULE: ./.build/src/report/tests-view.js
// One reporter-side view of a target's parsed test results, whatever their format (KTAP,
// test_progs, test_verifier/test_maps): counts at the outer level and below it, and every
// failure with a display name and its excerpt. The summary, annotations, log lines and the
// `results` JSON all read this, so a format is explained to them in one place.

const counts = (passed, failed, skipped, todo = 0) => ({
    passed,
    failed,
    skipped,
    todo,
});
function testsView(s) {
    const base = { bailouts: 0, planProblems: 0, failing: failingTestCount(s), failuresDropped: s.failuresDropped };
    switch (s.format) {
        case 'ktap':
            return {
                ...base,
                label: 'KTAP',
                planned: s.documents > 0 && s.planned > 0 ? s.planned : null,
                top: { ...s.top },
                sub: s.nested.passed + s.nested.failed + s.nested.skipped + s.nested.todo > 0 ? { ...s.nested } : null,
                bailouts: s.bailouts,
                planProblems: s.planProblems,
                failures: s.failures.map((f) => {
                    const v = {
                        name: f.name,
                        label: f.kind === 'fail' || f.kind === 'timeout'
                            ? `not ok${f.number !== undefined && !f.nested ? ` ${f.number}` : ''} ${f.name}`
                            : `${f.name}: ${f.reason ?? f.kind}`,
                        hidden: f.underPassingParent,
                        counted: true,
                        excerpt: f.excerpt,
                    };
                    if (f.reason)
                        v.reason = f.reason;
                    return v;
                }),
                reported: null,
            };
        case 'test_progs':
            return {
                ...base,
                label: 'test_progs',
                planned: null,
                top: counts(s.tests.passed, s.tests.failed, s.tests.skipped),
                sub: counts(s.subtests.passed, s.subtests.failed, s.subtests.skipped),
                failures: s.failures.map((f) => ({
                    name: f.name,
                    label: `#${f.number} ${f.name}`,
                    hidden: f.underPassingParent === true,
                    counted: f.underPassingParent !== true,
                    excerpt: f.excerpt,
                })),
                reported: s.reported
                    ? { passed: s.reported.passed, skipped: s.reported.skipped, failed: s.reported.failed }
                    : null,
            };
        case 'bpf_summary':
            return {
                ...base,
                label: s.program,
                planned: null,
                top: counts(s.passed, s.failed, s.skipped),
                sub: null,
                failures: s.failures.map((f) => ({
                    name: f.name,
                    label: f.name,
                    hidden: false,
                    counted: true,
                    excerpt: f.excerpt,
                })),
                reported: s.reported ? { ...s.reported } : null,
            };
    }
}
function countWords(c) {
    const parts = [`${c.passed} passed`, `${c.failed} failed`];
    if (c.skipped)
        parts.push(`${c.skipped} skipped`);
    if (c.todo)
        parts.push(`${c.todo} todo`);
    return parts.join(', ');
}
/** `5 passed, 1 failed, 2 skipped; subtests: 40 passed, 3 failed` (and bail-outs, plans). */
function describeTestCounts(v) {
    const parts = [countWords(v.top)];
    if (v.sub)
        parts.push(`subtests: ${countWords(v.sub)}`);
    const extra = [];
    if (v.bailouts)
        extra.push(`${v.bailouts} bail-out${v.bailouts === 1 ? '' : 's'}`);
    if (v.planProblems)
        extra.push(`${v.planProblems} broken plan${v.planProblems === 1 ? '' : 's'}`);
    if (extra.length)
        parts.push(extra.join(', '));
    return parts.join('; ');
}

;// CONCATENATED MODULE: ./.build/src/report/results.js

/** sysexits.h EX_UNAVAILABLE: upstream's status when the VM never ran the command. */
const EX_UNAVAILABLE = 69;
/** What coreutils `timeout` returns when the command timed out. */
const EX_TIMEOUT = 124;
function testsJson(r) {
    if (!r.tests)
        return null;
    const v = testsView(r.tests);
    return {
        format: r.tests.format,
        planned: v.planned,
        passed: v.top.passed,
        failed: v.top.failed,
        skipped: v.top.skipped,
        todo: v.top.todo,
        subtests: v.sub ? { ...v.sub } : null,
        bailouts: v.bailouts,
        plan_problems: v.planProblems,
        failing: v.failing,
        reported: v.reported ? { ...v.reported } : null,
    };
}
const round = (n) => (n === undefined ? null : Math.round(n * 1000) / 1000);
/**
 * One snake_case object per target. Every key is always present (null when unknown) so
 * workflow expressions like `fromJSON(steps.vm.outputs.results)[0].exit_code` never hit a
 * missing key.
 */
function resultsJson(results) {
    return results.map((r) => ({
        name: r.name,
        result: r.result,
        exit_code: r.exitCode,
        arch: r.arch,
        accel: r.accel ?? null,
        accel_reason: r.accelReason ?? null,
        kernel_release: r.kernelRelease ?? null,
        boot_seconds: round(r.bootSeconds),
        command_seconds: round(r.commandSeconds),
        error: r.error ?? null,
        logs: { console: r.logs.console ?? null, command: r.logs.command ?? null },
        splats: r.splats?.length ?? 0,
        tests: testsJson(r),
    }));
}
/** The one answer to "did this target fail": fail, timeout and error count as failed; pass
 *  and skipped (cancelled before it ran) do not. Every reporter and front end asks here. */
function isFailed(r) {
    return r.result === 'fail' || r.result === 'timeout' || r.result === 'error';
}
/** How many targets passed and how many failed (skipped ones are neither). */
function countResults(results) {
    let passed = 0;
    let failed = 0;
    for (const r of results) {
        if (isFailed(r))
            failed++;
        else if (r.result === 'pass')
            passed++;
    }
    return { passed, failed };
}
/**
 * The process exit status, compatible with upstream:
 * - exactly one target: its command's exit status (a signal death is 128+n); 69 when the
 *   command never ran (error, skipped); 124 when it timed out (as coreutils `timeout`); 1
 *   when it failed with status 0 (a kernel splat with fail_on_splat, failing tests with fail_on_test_failure);
 * - several targets: the number that failed (fail, timeout, error), capped at 255 so that
 *   256 failures cannot wrap to 0 (success);
 * - no targets: 0 in config mode (upstream: nothing matched the filter), 69 in single mode
 *   (a one-liner that produced no result never ran its command).
 */
function exitStatus(results, mode) {
    if (results.length === 0)
        return mode === 'single' ? EX_UNAVAILABLE : 0;
    if (results.length === 1) {
        const r = results[0];
        switch (r.result) {
            case 'pass':
                return 0;
            case 'timeout':
                return EX_TIMEOUT;
            case 'error':
            case 'skipped':
                return EX_UNAVAILABLE;
            case 'fail':
                if (r.exitCode === null || r.exitCode === 0)
                    return 1;
                return r.exitCode > 255 || r.exitCode < 0 ? 1 : r.exitCode;
        }
    }
    return Math.min(255, results.filter(isFailed).length);
}

;// CONCATENATED MODULE: ./.build/src/report/accel-words.js
/** The reason minus the engine's own "TCG will be used" coda (the words already say TCG). */
function detail(reason) {
    return reason
        .replace(/[:.;]?\s*TCG will be used\.?$/i, '')
        .replace(/:\s*booting under TCG instead$/i, '')
        .trim();
}
function tcgWording(reason) {
    if (!reason)
        return { kind: 'tcg', short: 'TCG', long: 'TCG' };
    if (/\btcg was requested\b/i.test(reason))
        return { kind: 'tcg-requested', short: 'TCG (requested)', long: 'TCG (requested)' };
    const foreign = /^(\S+) guest on an? (\S+) host\b/.exec(reason);
    if (foreign) {
        const words = `TCG: ${foreign[1]} guest on ${foreign[2]} host`;
        return { kind: 'tcg-foreign-arch', short: 'TCG: foreign arch', long: `${words} (KVM runs only the host's arch)` };
    }
    // src/platform/kvm.ts: "<dev> does not exist …", "<dev> exists but … cannot open it
    // read-write …", "cannot stat <dev>: …" (setup/kvm.ts appends what it tried).
    const device = /^(\/\S+) (?:does not exist|exists but)\b/.exec(reason)?.[1] ?? /^cannot stat (\/\S+):/.exec(reason)?.[1];
    if (device) {
        const short = `TCG: no usable ${device}`;
        return { kind: 'tcg-no-kvm', short, long: `${short}: ${detail(reason)}` };
    }
    // src/vm/session.ts: KVM chosen on probation hung or died; the lifecycle reran under TCG and
    // later targets inherit the finding. Every such reason names KVM.
    if (/\bKVM\b/.test(reason))
        return { kind: 'tcg-kvm-failed', short: 'TCG: KVM failed', long: `TCG: KVM failed: ${detail(reason)}` };
    return { kind: 'tcg-other', short: 'TCG', long: `TCG: ${detail(reason)}` };
}
/** The plain wording of a result's `accel` and `accelReason`; none when the VM never chose. */
function accelWording(accel, reason) {
    if (accel === undefined)
        return undefined;
    if (accel === 'kvm') {
        return reason && /\bkvm was requested\b/i.test(reason)
            ? { kind: 'kvm-requested', short: 'KVM (requested)', long: 'KVM (requested)' }
            : { kind: 'kvm', short: 'KVM', long: 'KVM' };
    }
    return tcgWording(reason);
}

;// CONCATENATED MODULE: ./.build/src/report/recap.js


const VERDICT = {
    pass: 'PASS',
    fail: 'FAILED',
    timeout: 'TIMEOUT',
    error: 'ERROR',
    skipped: 'SKIPPED',
};
const VERDICT_WIDTH = 8;
const NAME_WIDTH_MAX = 32;
const REASON_CHARS = 200;
/** `2 passed, 1 failed, 1 timed out, 1 error, 1 skipped in 41.3s`: passed and failed always,
 *  the rest only when there are any. */
function tallyLine(results, seconds) {
    const n = (o) => results.filter((r) => r.result === o).length;
    const parts = [`${n('pass')} passed`, `${n('fail')} failed`];
    if (n('timeout'))
        parts.push(`${n('timeout')} timed out`);
    if (n('error'))
        parts.push(`${n('error')} error${n('error') === 1 ? '' : 's'}`);
    if (n('skipped'))
        parts.push(`${n('skipped')} skipped`);
    return `${parts.join(', ')}${seconds === undefined ? '' : ` in ${formatSeconds(seconds)}`}`;
}
/** Why a target did not pass, in one line (upstream's wording for a failed command). */
function reasonLine(r) {
    if (r.result === 'pass')
        return undefined;
    if (r.result === 'fail' && r.exitCode !== null && r.exitCode !== 0)
        return `Command failed with exit code: ${r.exitCode}`;
    const first = r.error ? splitLines(r.error).find((l) => l.trim() !== '') : undefined;
    return first ? truncate(oneLine(first), REASON_CHARS) : undefined;
}
/** One entry per result, in the order given (the caller passes config order). */
function recapEntries(results) {
    const width = Math.min(NAME_WIDTH_MAX, Math.max(0, ...results.map((r) => oneLine(r.name).length)));
    return results.map((r) => {
        const facts = [];
        if (r.bootSeconds !== undefined)
            facts.push(`boot ${formatSeconds(r.bootSeconds)}`);
        if (r.commandSeconds !== undefined)
            facts.push(`command ${formatSeconds(r.commandSeconds)}`);
        const accel = accelWording(r.accel, r.accelReason);
        if (accel)
            facts.push(accel.long);
        const line = `${VERDICT[r.result].padEnd(VERDICT_WIDTH)}${oneLine(r.name).padEnd(width)}  ${facts.join(', ')}`.trimEnd();
        const reason = reasonLine(r);
        return reason ? { result: r, line, reason: `${' '.repeat(VERDICT_WIDTH)}${reason}` } : { result: r, line };
    });
}
/**
 * The recap's lines without the tally, at most `maxLines` of them (a live terminal's
 * height; none = no limit). When they do not fit, passing targets go first (the tally counts
 * them), then the reasons, then the rest is cut with a count: the failures are what must
 * stay on screen.
 */
function recapLines(results, maxLines = Number.POSITIVE_INFINITY) {
    const entries = recapEntries(results);
    const full = entries.flatMap((e) => (e.reason ? [e.line, e.reason] : [e.line]));
    if (full.length <= maxLines)
        return full;
    const failed = entries.filter((e) => e.result.result !== 'pass');
    const withReasons = failed.flatMap((e) => (e.reason ? [e.line, e.reason] : [e.line]));
    if (withReasons.length <= maxLines)
        return withReasons;
    if (failed.length <= maxLines)
        return failed.map((e) => e.line);
    if (maxLines <= 0)
        return [];
    const kept = failed.slice(0, Math.max(0, maxLines - 1)).map((e) => e.line);
    return [...kept, `…and ${failed.length - kept.length} more that did not pass`];
}

;// CONCATENATED MODULE: ./.build/src/report/terminal-text.js


const HEADINGS = {
    boot: '===> Booting',
    setup: '===> Setting up VM',
    command: '===> Running command',
};
/** The lines that explain a non-passing result, as upstream words them. */
function errorLines(r, stageError) {
    if (!isFailed(r))
        return r.error && r.result === 'skipped' ? splitLines(r.error) : [];
    if (r.result === 'fail' && r.exitCode !== null && r.exitCode !== 0) {
        return [`Command failed with exit code: ${r.exitCode}`];
    }
    const text = r.error ?? stageError;
    return text ? splitLines(text) : [`Target ${r.result}`];
}
/** Upstream prints no verdict after a VM error (the error is the last word): none here either. */
function verdict(r) {
    if (r.result === 'error')
        return undefined;
    return isFailed(r) ? 'FAILED' : r.result === 'pass' ? 'PASS' : 'SKIPPED';
}
/** Columns a code point takes in a terminal: 0 for combining marks and zero-width
 *  characters, 2 for East Asian wide and emoji ranges, 1 otherwise. */
function columnsOf(cp) {
    if (cp === 0x200b ||
        cp === 0x200c ||
        cp === 0x200d ||
        cp === 0xfeff ||
        (cp >= 0x0300 && cp <= 0x036f) ||
        (cp >= 0xfe00 && cp <= 0xfe0f))
        return 0;
    if ((cp >= 0x1100 && cp <= 0x115f) ||
        (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
        (cp >= 0xac00 && cp <= 0xd7a3) ||
        (cp >= 0xf900 && cp <= 0xfaff) ||
        (cp >= 0xfe30 && cp <= 0xfe4f) ||
        (cp >= 0xff00 && cp <= 0xff60) ||
        (cp >= 0xffe0 && cp <= 0xffe6) ||
        (cp >= 0x1f300 && cp <= 0x1faff) ||
        (cp >= 0x20000 && cp <= 0x3fffd)) {
        return 2;
    }
    return 1;
}
/**
 * `text` (already cleaned: no escapes, tabs expanded) cut to at most `max` terminal
 * columns, the cut marked with `…`. A row filled to the last column leaves some terminals
 * in a pending-wrap state, so callers pass the width minus one.
 */
function fitColumns(text, max) {
    let used = 0;
    let end = 0;
    let cutAt = -1;
    for (const ch of text) {
        const w = columnsOf(ch.codePointAt(0));
        // Remember where the text would have to stop to leave room for the ellipsis.
        if (cutAt < 0 && used + w > max - 1)
            cutAt = end;
        if (used + w > max)
            return text.slice(0, cutAt < 0 ? end : cutAt) + '…';
        used += w;
        end += ch.length;
    }
    return text;
}

;// CONCATENATED MODULE: ./.build/src/report/live-view.js






const WINDOW_LINES = 10;
/** Lines (and characters) of the failing stage kept for the expanded view. */
const EXPAND_LINES = 2000;
const EXPAND_CHARS = 4 * 1024 * 1024;
const SGR = {
    dim: ['\x1b[2m', '\x1b[22m'],
    red: ['\x1b[91m', '\x1b[39m'],
    green: ['\x1b[32m', '\x1b[39m'],
    yellow: ['\x1b[33m', '\x1b[39m'],
};
class LiveView {
    opts;
    columns;
    rows;
    windowLines;
    redrawMs;
    entries = new Map();
    /** Config order (run-start's list; targets first seen later are appended). */
    order = [];
    /** order[0 … committed-1] are printed for good. */
    committed = 0;
    /** The region now on screen (painted lines), below all committed output. */
    drawn = [];
    pendingCommit = [];
    timer;
    constructor(opts) {
        this.opts = opts;
        const out = opts.out;
        this.columns = opts.columns ?? (() => out.columns ?? 80);
        this.rows = opts.rows ?? (() => out.rows ?? 24);
        this.windowLines = opts.windowLines ?? WINDOW_LINES;
        this.redrawMs = opts.redrawMs ?? 50;
    }
    onEvent(e) {
        switch (e.type) {
            case 'run-start':
                for (const t of e.targets)
                    this.get(t);
                this.scheduleRender();
                break;
            case 'target-start':
                this.get(e.target).state = 'running';
                this.scheduleRender();
                break;
            case 'stage-start':
                this.stageStart(e.target, e.stage);
                break;
            case 'console':
            case 'setup':
            case 'output':
                this.addLine(e.target, e.line);
                break;
            case 'stage-end':
                if (!e.ok && e.error)
                    this.get(e.target).stageError = e.error;
                break;
            case 'warning':
                this.pendingCommit.push(this.paint('yellow', `Warning: ${e.target ? `${e.target.name}: ` : ''}${text_cleanLine(e.message)}`));
                this.render();
                break;
            case 'target-end':
                this.finish(e.target, e.result);
                break;
            case 'run-end':
                break;
        }
    }
    /** The end (or an interrupted run): everything still in the region becomes permanent, in
     *  config order; an unfinished target keeps its last view rather than a blank. */
    close() {
        for (const key of this.order.slice(this.committed)) {
            const s = this.entries.get(key);
            if (s.block)
                this.pendingCommit.push(...s.block);
            else if (s.state === 'running' && !s.streaming) {
                this.pendingCommit.push(`=> ${s.target.name}`, ...s.headings, ...s.lines.last(this.windowLines));
            }
        }
        this.committed = this.order.length;
        this.render();
    }
    paint(style, text) {
        return style && this.opts.color ? `${SGR[style][0]}${text}${SGR[style][1]}` : text;
    }
    get(t) {
        const key = targetKey(t);
        let s = this.entries.get(key);
        if (!s) {
            s = {
                target: t,
                state: 'waiting',
                headings: [],
                lines: new LineTail(EXPAND_LINES, EXPAND_CHARS),
                streaming: false,
            };
            this.entries.set(key, s);
            this.order.push(key);
        }
        return s;
    }
    stageStart(t, stage) {
        const s = this.get(t);
        s.state = 'running';
        s.stage = stage;
        s.headings.push(HEADINGS[stage]);
        s.lines = new LineTail(EXPAND_LINES, EXPAND_CHARS);
        const alone = [...this.entries.values()].every((o) => o === s || o.state !== 'running');
        if (stage === 'command' && !this.opts.configMode && alone && this.order[this.committed] === targetKey(t)) {
            // A one-liner: keep the command's output as it comes, like a plain command would.
            s.streaming = true;
            this.pendingCommit.push(`=> ${t.name}`, ...s.headings);
        }
        this.render();
    }
    addLine(t, raw) {
        const s = this.get(t);
        const text = text_cleanLine(raw);
        if (s.streaming) {
            this.pendingCommit.push(text);
            this.render();
            return;
        }
        s.lines.push(text);
        this.scheduleRender();
    }
    finish(t, r) {
        const s = this.get(t);
        s.state = 'done';
        s.result = r;
        s.block = this.block(s, r);
        while (this.committed < this.order.length) {
            const head = this.entries.get(this.order[this.committed]);
            if (!head.block)
                break;
            this.pendingCommit.push(...head.block);
            this.committed++;
        }
        this.render();
    }
    /** A finished target's permanent lines. */
    block(s, r) {
        const failed = isFailed(r);
        const lines = [];
        if (!s.streaming) {
            lines.push(`=> ${s.target.name}`);
            if (!(this.opts.configMode && !failed)) {
                lines.push(...s.headings);
                if (failed || (!this.opts.configMode && s.stage === 'command'))
                    lines.push(...this.expanded(s, r));
            }
        }
        for (const l of errorLines(r, s.stageError))
            lines.push(this.paint('red', l));
        const splats = r.splats ?? [];
        for (const sp of splats.slice(0, 5))
            lines.push(this.paint('yellow', `Kernel ${sp.kind}: ${text_cleanLine(sp.title)}`));
        if (splats.length > 5)
            lines.push(this.paint('yellow', `…and ${splats.length - 5} more kernel splats`));
        const v = this.opts.configMode ? verdict(r) : undefined;
        if (v)
            lines.push(this.paint(v === 'PASS' ? 'green' : v === 'FAILED' ? 'red' : 'yellow', v));
        return lines;
    }
    /** The last stage's lines, kept for a failure (or a one-liner's command). */
    expanded(s, r) {
        const lines = [];
        if (s.lines.omitted > 0) {
            const where = s.stage === 'command' ? r.logs.command : r.logs.console;
            lines.push(this.paint('dim', `… ${s.lines.omitted} earlier lines${where ? ` in ${where}` : ''}`));
        }
        lines.push(...s.lines.toArray());
        return lines;
    }
    scheduleRender() {
        if (this.redrawMs <= 0)
            return this.render();
        if (this.timer !== undefined)
            return;
        this.timer = setTimeout(() => this.render(), this.redrawMs);
        this.timer.unref();
    }
    render() {
        if (this.timer !== undefined) {
            clearTimeout(this.timer);
            this.timer = undefined;
        }
        const width = Math.max(10, this.columns() - 1);
        const region = layoutRegion(this.pending(), { rows: this.rows(), windowLines: this.windowLines }).map((l) => this.paint(l.style, fitColumns(l.text, width)));
        if (this.pendingCommit.length === 0 && sameLines(region, this.drawn))
            return;
        let s = '';
        const n = this.drawn.length;
        // Up to the region's first row, clear each of its rows (moving down never scrolls: they
        // are on screen), back up; then the new permanent lines and the new region.
        if (n > 0)
            s += `\x1b[${n}F${'\x1b[2K\x1b[1B'.repeat(n)}\x1b[${n}A`;
        for (const l of this.pendingCommit)
            s += `${l}\n`;
        for (const l of region)
            s += `${l}\n`;
        this.pendingCommit = [];
        this.drawn = region;
        this.opts.out.write(s);
    }
    /** Targets not yet printed for good, in config order (a streaming one prints itself). */
    pending() {
        return this.order
            .slice(this.committed)
            .map((k) => this.entries.get(k))
            .filter((s) => !s.streaming);
    }
}
function sameLines(a, b) {
    return a.length === b.length && a.every((l, i) => l === b[i]);
}
/** A finished target waiting for its turn, in one line. */
function doneLine(s) {
    const r = s.result;
    const failed = isFailed(r);
    const word = failed
        ? r.result === 'error'
            ? 'ERROR'
            : r.result === 'timeout'
                ? 'TIMEOUT'
                : 'FAILED'
        : r.result === 'pass'
            ? 'PASS'
            : 'SKIPPED';
    const reason = reasonLine(r);
    return {
        text: `=> ${s.target.name}  ${word}${reason ? `: ${reason}` : ''}`,
        style: failed ? 'red' : r.result === 'pass' ? 'green' : 'yellow',
    };
}
/** A running target in one line: its stage and its newest line. */
function compactLine(s) {
    const stage = s.stage ? HEADINGS[s.stage].replace(/^=+> /, '') : 'Starting';
    const last = s.lines.last(1)[0];
    return { text: `=> ${s.target.name}  ${stage}${last ? `: ${last}` : ''}` };
}
/**
 * The live region for `pending` targets (config order) in at most `rows - 1` lines: in full
 * (heading, stage headings, a window of last lines per running target, shrunk to fit), else
 * one line per target with the waiting ones folded, else the running and failed targets
 * and a count of the rest.
 */
function layoutRegion(pending, opts) {
    const budget = Math.max(1, opts.rows - 1);
    const running = pending.filter((s) => s.state === 'running');
    const fixed = pending.reduce((n, s) => n + (s.state === 'running' ? 1 + s.headings.length : 1), 0);
    if (fixed <= budget) {
        const per = running.length === 0 ? 0 : Math.min(opts.windowLines, Math.floor((budget - fixed) / running.length));
        return pending.flatMap((s) => {
            if (s.state === 'done')
                return [doneLine(s)];
            if (s.state === 'waiting')
                return [{ text: `=> ${s.target.name}  waiting`, style: 'dim' }];
            return [
                { text: `=> ${s.target.name}` },
                ...s.headings.map((text) => ({ text })),
                ...s.lines.last(per).map((text) => ({ text, style: 'dim' })),
            ];
        });
    }
    const waiting = pending.filter((s) => s.state === 'waiting');
    const waitingLine = waiting.length > 0
        ? [{ text: `   ${waiting.length} waiting: ${waiting.map((s) => s.target.name).join(', ')}`, style: 'dim' }]
        : [];
    const compact = [
        ...pending.flatMap((s) => (s.state === 'running' ? [compactLine(s)] : s.state === 'done' ? [doneLine(s)] : [])),
        ...waitingLine,
    ];
    if (compact.length <= budget)
        return compact;
    const failed = pending.filter((s) => s.state === 'done' && isFailed(s.result));
    const others = pending.length - failed.length - running.length;
    const lines = [...failed.map(doneLine), ...running.map(compactLine)];
    if (others > 0)
        lines.push({ text: `   ${others} more finished or waiting`, style: 'dim' });
    if (lines.length <= budget)
        return lines;
    return [...lines.slice(0, budget - 1), { text: `   … ${lines.length - budget + 1} more`, style: 'dim' }];
}

;// CONCATENATED MODULE: external "node:string_decoder"
const external_node_string_decoder_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");
;// CONCATENATED MODULE: ./.build/src/report/held-text.js
// Text held back for later, in order, with bounded memory: past `memoryChars` it goes to a
// private temp file and is read back when released. The CLI's plain mode holds a parallel
// target's output until the targets before it finish; a target printing gigabytes meanwhile
// must not grow the process without bound.





const HELD_IN_MEMORY_CHARS = 4 * 1024 * 1024;
/** Spilled text is appended in pieces of about this size, and read back in these. */
const SPILL_PIECE = 1024 * 1024;
class HeldText {
    memoryChars;
    chunks = [];
    chars = 0;
    spill;
    constructor(memoryChars = HELD_IN_MEMORY_CHARS) {
        this.memoryChars = memoryChars;
    }
    /** True when nothing is held. */
    get empty() {
        return this.chars === 0 && !this.spill;
    }
    push(text) {
        this.chunks.push(text);
        this.chars += text.length;
        if (this.spill ? this.chars >= SPILL_PIECE : this.chars > this.memoryChars)
            this.toFile();
    }
    /** Hands everything held to `write`, oldest first, and forgets it. */
    release(write) {
        if (this.spill) {
            this.toFile();
            const { file } = this.spill;
            const fd = (0,external_node_fs_namespaceObject.openSync)(file, 'r');
            try {
                const decoder = new external_node_string_decoder_namespaceObject.StringDecoder('utf8');
                const buf = Buffer.alloc(SPILL_PIECE);
                for (;;) {
                    const n = (0,external_node_fs_namespaceObject.readSync)(fd, buf, 0, buf.length, null);
                    if (n === 0)
                        break;
                    const text = decoder.write(buf.subarray(0, n));
                    if (text)
                        write(text);
                }
                const rest = decoder.end();
                if (rest)
                    write(rest);
            }
            finally {
                (0,external_node_fs_namespaceObject.closeSync)(fd);
                this.dropFile();
            }
        }
        else if (this.chunks.length) {
            write(this.chunks.join(''));
        }
        this.chunks = [];
        this.chars = 0;
    }
    /** Drops what is held (and its file) without writing it. */
    discard() {
        this.chunks = [];
        this.chars = 0;
        if (this.spill)
            this.dropFile();
    }
    toFile() {
        if (!this.spill) {
            const dir = (0,external_node_fs_namespaceObject.mkdtempSync)((0,external_node_path_namespaceObject.join)((0,external_node_os_namespaceObject.tmpdir)(), 'vmtest-held-'));
            this.spill = {
                dir,
                file: (0,external_node_path_namespaceObject.join)(dir, 'text'),
                unregister: registerCleanup(() => (0,external_node_fs_namespaceObject.rmSync)(dir, { recursive: true, force: true })),
            };
        }
        if (this.chunks.length)
            (0,external_node_fs_namespaceObject.appendFileSync)(this.spill.file, this.chunks.join(''));
        this.chunks = [];
        this.chars = 0;
    }
    dropFile() {
        const spill = this.spill;
        if (!spill)
            return;
        this.spill = undefined;
        (0,external_node_fs_namespaceObject.rmSync)(spill.dir, { recursive: true, force: true });
        spill.unregister();
    }
}

;// CONCATENATED MODULE: ./.build/src/report/terminal.js







function createTerminalReporter(opts) {
    const inner = opts.tty ? createLiveReporter(opts) : createPlainReporter(opts);
    if (!opts.err)
        return inner;
    const recap = new Recap(opts);
    return {
        onEvent(e) {
            recap.onEvent(e);
            inner.onEvent(e);
        },
        async close() {
            await inner.close?.();
            recap.write();
        },
    };
}
function createLiveReporter(opts) {
    const view = new LiveView({ ...opts, out: opts.out });
    return { onEvent: (e) => view.onEvent(e), close: () => view.close() };
}
/** The run's results in config order and its wall time, written as the closing recap. */
class Recap {
    opts;
    now;
    order = [];
    results = new Map();
    started;
    ended;
    constructor(opts) {
        this.opts = opts;
        this.now = opts.now ?? Date.now;
    }
    onEvent(e) {
        if (e.type === 'run-start') {
            this.started = this.now();
            this.order = e.targets.map(targetKey);
        }
        else if (e.type === 'target-end') {
            const key = targetKey(e.target);
            if (!this.order.includes(key))
                this.order.push(key);
            this.results.set(key, e.result);
        }
        else if (e.type === 'run-end') {
            this.ended = this.now();
        }
    }
    write() {
        const results = this.order.flatMap((k) => this.results.get(k) ?? []);
        // Nothing ran (no target matched): the front end says so; a `0 passed` line would not help.
        if (results.length === 0 || !this.opts.err)
            return;
        const seconds = this.started === undefined ? undefined : ((this.ended ?? this.now()) - this.started) / 1000;
        const tally = tallyLine(results, seconds);
        const paint = (style, text) => this.opts.color ? `${style === 'red' ? '\x1b[91m' : '\x1b[32m'}${text}\x1b[39m` : text;
        let lines;
        if (this.opts.tty) {
            // A live terminal: keep it to the screen, failures first to stay (recapLines).
            const rows = this.opts.rows?.() ?? this.opts.out.rows ?? 24;
            const width = Math.max(10, (this.opts.columns?.() ?? this.opts.out.columns ?? 80) - 1);
            lines = recapLines(results, Math.max(0, rows - 2)).map((l) => fitColumns(l, width));
        }
        else {
            lines = recapLines(results);
        }
        this.opts.err.write([...lines, paint(results.some(isFailed) ? 'red' : 'green', tally)].join('\n') + '\n');
    }
}
// ---------------------------------------------------------------------------------------------
// Plain mode
/** One writer at a time: the head of the queue writes through, the others are held (in
 *  memory up to a bound, then in a temp file: HeldText). */
class OrderedOutput {
    write;
    order = [];
    bufs = new Map();
    constructor(write) {
        this.write = write;
    }
    start(key) {
        if (this.bufs.has(key))
            return;
        this.bufs.set(key, { held: new HeldText(), ended: false });
        this.order.push(key);
    }
    append(key, text) {
        this.start(key);
        if (this.order[0] === key)
            this.write(text);
        else
            this.bufs.get(key)?.held.push(text);
    }
    end(key) {
        const b = this.bufs.get(key);
        if (!b)
            return;
        b.ended = true;
        this.advance();
    }
    /** Writes everything still held (an interrupted run). */
    drain() {
        for (const b of this.bufs.values())
            b.ended = true;
        this.advance();
    }
    advance() {
        while (this.order.length > 0) {
            const head = this.order[0];
            const b = this.bufs.get(head);
            if (!b)
                break;
            b.held.release(this.write);
            if (!b.ended)
                break;
            this.order.shift();
            this.bufs.delete(head);
        }
    }
}
const COALESCE_MAX_CHARS = 1024 * 1024;
/**
 * Writes gathered within one turn of the event loop go out as one: a command printing short
 * lines fast would otherwise cost a write (a syscall, when stdout is a file or pipe) per
 * line. The text still leaves within milliseconds, in order.
 */
class Coalesced {
    out;
    chunks = [];
    chars = 0;
    scheduled = false;
    constructor(out) {
        this.out = out;
    }
    write(text) {
        this.chunks.push(text);
        this.chars += text.length;
        // A lot at once (held output released): out now, not all of it gathered in memory.
        if (this.chars >= COALESCE_MAX_CHARS)
            return this.flush();
        if (this.scheduled)
            return;
        this.scheduled = true;
        setImmediate(() => this.flush());
    }
    flush() {
        this.scheduled = false;
        if (this.chunks.length === 0)
            return;
        const text = this.chunks.length === 1 ? this.chunks[0] : this.chunks.join('');
        this.chunks = [];
        this.chars = 0;
        this.out.write(text);
    }
}
function createPlainReporter(opts) {
    const out = new Coalesced(opts.out);
    const ordered = new OrderedOutput((t) => out.write(t));
    const stageErrors = new Map();
    const line = (t, text) => ordered.append(targetKey(t), `${text.trimEnd()}\n`);
    return {
        onEvent(e) {
            switch (e.type) {
                case 'target-start':
                    line(e.target, `=> ${e.target.name}`);
                    break;
                case 'stage-start':
                    line(e.target, HEADINGS[e.stage]);
                    break;
                case 'console':
                case 'setup':
                case 'output':
                    line(e.target, e.line);
                    break;
                case 'stage-end':
                    if (!e.ok && e.error) {
                        stageErrors.set(targetKey(e.target), e.error);
                        for (const l of splitLines(e.error))
                            line(e.target, l);
                    }
                    break;
                case 'warning':
                    if (e.target)
                        line(e.target, `Warning: ${e.message}`);
                    else
                        out.write(`Warning: ${e.message}\n`);
                    break;
                case 'target-end': {
                    const key = targetKey(e.target);
                    const printed = stageErrors.get(key);
                    stageErrors.delete(key);
                    const lines = errorLines(e.result, printed);
                    // The stage already printed this error when it failed.
                    const already = printed !== undefined && lines.join('\n') === splitLines(printed).join('\n');
                    if (!already)
                        for (const l of lines)
                            line(e.target, l);
                    const v = opts.configMode ? verdict(e.result) : undefined;
                    if (v)
                        line(e.target, v);
                    ordered.end(key);
                    break;
                }
                case 'run-start':
                case 'run-end':
                    break;
            }
        },
        close() {
            ordered.drain();
            out.flush();
        },
    };
}

;// CONCATENATED MODULE: ./.build/src/report/workflow-commands.js
// Workflow command lines (`::group::`, `::stop-commands::`) formatted as the runner parses
// them, and the protection that keeps guest output from issuing any.
//
// The runner treats a stdout line as a command when, after leading whitespace, it starts
// with `::` (`::error::x`, `::add-mask::s`, …) or when it contains `##[` anywhere (the old
// `##[cmd]` syntax). `::stop-commands::<token>` turns both off until a line `::<token>::`, so
// every block of guest text is wrapped in one with a fresh random token that the guest
// cannot know in advance.


/** As @actions/core escapes a command's message. */
function escapeData(s) {
    return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
/** As @actions/core escapes a command's property values. */
function escapeProperty(s) {
    return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
/** `::name k=v,k=v::message` (no trailing newline). */
function formatCommand(name, props, message) {
    const kv = Object.entries(props)
        .filter(([, v]) => v !== undefined && v !== '')
        .map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
    return `::${name}${kv.length > 0 ? ` ${kv.join(',')}` : ''}::${escapeData(message)}`;
}
/**
 * User text (a target name, an error summary) made safe on a line of our own outside a
 * stop-commands block: one line, no leading `::`, and `##[` broken with a zero-width space
 * so the runner's legacy parser does not see a command.
 */
function neutralize(text) {
    return oneLine(text).replace(/##\[/g, '##\u200b[').replace(/^::/, ':\u200b:');
}
/** A token the guest cannot predict; the runner rejects reserved command names, a UUID is none. */
function newStopToken() {
    return randomUUID();
}
/**
 * Lines of untrusted text wrapped so the runner processes no command in them. Each line is
 * split further at CR (the runner's line reader splits there too); the result is one string
 * ending in a newline.
 *
 * The one change made to guest text: a line that starts with `##[` gets a zero-width space
 * after the `##`. The runner leaves such a line alone inside the block, but the log viewer
 * renders `##[group]` / `##[endgroup]` / `##[error]` at the start of a line itself, so a
 * guest could otherwise close our group early or fake an error line.
 */
function protectedBlock(lines, token = newStopToken()) {
    let out = `::stop-commands::${token}\n`;
    for (const line of lines) {
        for (const part of line.replace(/[\r\n]+$/, '').split(/\r\n|\r|\n/)) {
            out += `${part.replace(/^(\s*)##\[/, '$1##\u200b[')}\n`;
        }
    }
    out += `::${token}::\n`;
    return out;
}
/** `::group::title` … `::endgroup::` around a protected block of `lines`. */
function groupBlock(title, lines, emptyNote = '(no output)') {
    const head = `${formatCommand('group', {}, neutralize(title))}\n`;
    const body = lines.length > 0 ? protectedBlock(lines) : `${emptyNote}\n`;
    return `${head}${body}::endgroup::\n`;
}

;// CONCATENATED MODULE: ./.build/src/cli/main.js
// The `vmtest` CLI: argv → plan → engine → terminal reporter → upstream's exit codes.















const defaultIo = () => ({
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    stdin: process.stdin,
});
/**
 * Our messages echo flag values, file names and config text. In a CI log a line that starts
 * with `::` is a workflow command, so each line goes out as guest text does: control
 * characters dropped, a leading `::` or `##[` broken; indentation kept.
 */
function printable(text) {
    return splitLines(text)
        .map((line) => {
        const clean = text_cleanLine(line);
        return /^[ \t]*/.exec(clean)[0] + neutralize(clean);
    })
        .join('\n');
}
/**
 * Live view or plain lines, colours or not. Upstream's rule: any VMTEST_NO_UI value, or no
 * terminal, means plain lines. NO_COLOR (no-color.org: set and not empty) only drops
 * colours. The interactive shell owns the screen: plain lines around it, and its console
 * (which reaches the terminal byte for byte) not a second time as lines.
 */
function outputMode(io, interactive) {
    const tty = !interactive && Boolean(io.stdout.isTTY) && io.env.VMTEST_NO_UI === undefined;
    return { tty, color: tty && !io.env.NO_COLOR };
}
async function main(argv, io = defaultIo()) {
    const err = (text) => void io.stderr.write(printable(text) + '\n');
    let args;
    try {
        args = parseCliArgs(argv);
    }
    catch (e) {
        if (e instanceof UsageError) {
            err(`error: ${e.message}\n\nFor more information, try '--help'.`);
            return 1;
        }
        throw e;
    }
    if (args.help) {
        io.stdout.write(HELP_TEXT);
        return 0;
    }
    if (args.version) {
        io.stdout.write(VERSION_TEXT);
        return 0;
    }
    let plan;
    try {
        plan = planFromCli(args, io.cwd, io.env);
    }
    catch (e) {
        if (e instanceof ConfigError) {
            err(e.message);
            return 1;
        }
        throw e;
    }
    // `-`: the guest's console on this terminal. Refused before anything boots where it cannot
    // work (an image target, no stdin), rather than running `bash -c -` in the guest.
    for (const t of plan.targets) {
        const problem = interactiveProblem(t, io.stdin !== undefined);
        if (problem) {
            err(`error: ${problem}`);
            return 1;
        }
    }
    const interactive = plan.targets.some(isInteractive);
    for (const w of plan.warnings)
        err(`warning: ${w.file ? `${w.file}${w.line ? `:${w.line}` : ''}: ` : ''}${w.message}`);
    if (args.plan) {
        // --plan validates everything a boot would need, including that the files exist.
        try {
            checkPaths(plan.targets);
        }
        catch (e) {
            if (e instanceof ConfigError) {
                err(e.message);
                return 1;
            }
            throw e;
        }
        io.stdout.write(JSON.stringify(planJson(plan, { accelFor: await plannedAccel(plan) }), null, 2) + '\n');
        return 0;
    }
    // The closing recap and tally go to stderr: stdout stays upstream's lines (report/recap.ts).
    const terminalReporter = createTerminalReporter({
        out: io.stdout,
        err: io.stderr,
        ...outputMode(io, interactive),
        configMode: !args.kernel,
    });
    const reporter = interactive
        ? {
            onEvent: (e) => (e.type === 'console' && isInteractive(e.target) ? undefined : terminalReporter.onEvent(e)),
            close: () => terminalReporter.close?.(),
        }
        : terminalReporter;
    const abort = new AbortController();
    const uninstall = installSignalHandlers((signal) => abort.abort(signal));
    try {
        const terminal = interactive && io.stdin ? { input: io.stdin, output: io.stdout } : undefined;
        const results = await runPlan({ plan, sink: (e) => reporter.onEvent(e), signal: abort.signal, terminal });
        await reporter.close?.();
        if (args.json)
            (0,external_node_fs_namespaceObject.writeFileSync)(args.json, JSON.stringify(resultsJson(results), null, 2) + '\n');
        if (abort.signal.aborted)
            return abort.signal.reason === 'SIGINT' ? 130 : 143;
        return exitStatus(results, args.kernel ? 'single' : 'config');
    }
    finally {
        uninstall();
    }
}

;// CONCATENATED MODULE: ./.build/src/cli/entry.js
// Thin entry point of the `vmtest` CLI bundle (dist/cli/index.js).

main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
}, (e) => {
    process.stderr.write(`vmtest: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
});

