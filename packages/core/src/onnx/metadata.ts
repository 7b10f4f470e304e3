// Keys of the metadata the export writes (NodeProto.metadata_props and ModelProto.metadata_props),
// so that import(export(p)) gives p back: kinds written as other ops (the up-convolution as a
// ConvTranspose, min-max normalise as reductions) and params ONNX does not keep ('same' padding).
// Other runtimes ignore them; the importer trusts them only where re-exporting the params gives
// the very nodes in the file.

/** The pipeline node a file node was written for. */
export const NODE_ID = 'convstudio.node';
/** That node's kind. */
export const NODE_KIND = 'convstudio.kind';
/** That node's params as JSON. */
export const NODE_PARAMS = 'convstudio.params';
/** The whole pipeline document as JSON (names, labels, positions, seeds). */
export const PIPELINE = 'convstudio.pipeline';

/** A list of key/value entries as a lookup. */
export const metadataOf = (entries: readonly { key: string; value: string }[]): Map<string, string> => new Map(entries.map((e) => [e.key, e.value]));
