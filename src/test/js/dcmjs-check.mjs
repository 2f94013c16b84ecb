// Reads a TID 1500 SR and the SEG it references with dcmjs, the toolkit OHIF uses, and prints what a viewer
// would get: each measurement group's lesion (tracking UID, finding, area, referenced segment) and each
// segment's pixels. The Java suite runs it (DcmjsReadBackTest) and compares with what it wrote.
// Usage: node dcmjs-check.mjs measurements-sr.dcm seg.dcm
import fs from "node:fs";
import dcmjs from "dcmjs";

const { DicomMessage, DicomMetaDictionary } = dcmjs.data;
const { MeasurementReport, Segmentation } = dcmjs.adapters.Cornerstone;
const arrayOf = (x) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
const bytes = (file) => {
  const b = fs.readFileSync(file);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
};
const quietly = (f) => { // the adapters log every measurement to stdout, which is ours: their words go to stderr
  const log = console.log, warn = console.warn;
  console.log = console.warn = (...words) => process.stderr.write(words.join(" ") + "\n");
  try { return f(); } finally { console.log = log; console.warn = warn; }
};

// dcmjs knows cornerstone's tools by their tracking identifiers; ours are registered the way the adapter asks
const LESION = "MammoLesion";
MeasurementReport.registerTool({
  toolType: LESION,
  utilityToolType: LESION,
  isValidCornerstoneTrackingIdentifier: (id) => /^Lesion \d+$/.test(id),
  getMeasurementData(group) {
    const items = arrayOf(group.ContentSequence);
    const item = (meaning) => items.find((i) => arrayOf(i.ConceptNameCodeSequence)[0]?.CodeMeaning === meaning);
    const segment = arrayOf(item("Referenced Segment")?.ReferencedSOPSequence)[0];
    const area = arrayOf(item("Area")?.MeasuredValueSequence)[0];
    return {
      trackingId: item("Tracking Identifier")?.TextValue,
      trackingUid: item("Tracking Unique Identifier")?.UID,
      finding: arrayOf(item("Finding")?.ConceptCodeSequence)[0]?.CodeMeaning,
      segmentationInstance: segment?.ReferencedSOPInstanceUID,
      segmentNumber: segment?.ReferencedSegmentNumber,
      area: area === undefined ? undefined : Number(area.NumericValue),
      areaUnit: arrayOf(area?.MeasurementUnitsCodeSequence)[0]?.CodeValue,
    };
  },
});

const [srFile, segFile] = process.argv.slice(2);
const sr = DicomMetaDictionary.naturalizeDataset(DicomMessage.readFile(bytes(srFile)).dict);
const lesions = quietly(() => MeasurementReport.generateToolState(sr))[LESION];

const out = { lesions, segments: [] };
if (segFile) {
  const seg = DicomMetaDictionary.naturalizeDataset(DicomMessage.readFile(bytes(segFile)).dict);
  const source = arrayOf(arrayOf(seg.ReferencedSeriesSequence)[0].ReferencedInstanceSequence)[0].ReferencedSOPInstanceUID;
  const imageId = "source:" + source;
  const metadata = { // what a viewer knows of the source image: its grid and identity (no patient geometry in a mammogram)
    get(type, id) {
      if (id !== imageId) return undefined;
      if (type === "imagePixelModule") return { rows: seg.Rows, columns: seg.Columns };
      if (type === "imagePlaneModule") return { rows: seg.Rows, columns: seg.Columns, rowCosines: [1, 0, 0], columnCosines: [0, 1, 0] };
      if (type === "generalSeriesModule") return { seriesInstanceUID: arrayOf(seg.ReferencedSeriesSequence)[0].SeriesInstanceUID };
      if (type === "sopCommonModule") return { sopInstanceUID: source };
      return undefined;
    },
  };
  const state = quietly(() => Segmentation.generateToolState([imageId], bytes(segFile), metadata));
  const labels = new Uint16Array(state.labelmapBufferArray[0]);
  for (const s of arrayOf(seg.SegmentSequence)) {
    let pixels = 0;
    for (const v of labels) if (v === s.SegmentNumber) pixels++;
    out.segments.push({ number: s.SegmentNumber, label: s.SegmentLabel, trackingUid: s.TrackingUID,
      described: state.segMetadata.data[s.SegmentNumber]?.SegmentLabel, pixels });
  }
}
process.stdout.write(JSON.stringify(out) + "\n");
