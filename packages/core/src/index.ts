/**
 * @convstudio/core: a float32 NCHW tensor library with every op of the source document,
 * forward and backward, proven against PyTorch. No DOM and no Node-only APIs: it runs in
 * Node, browsers, workers and Electron alike.
 */
export { Tensor, tensor, zeros, ones, full, rand, randn, tidy, keep } from './tensor.js';
export type { NestedArray, RandomOptions } from './tensor.js';
export { createRandom } from './random.js';
export type { Random } from './random.js';
export { ConvStudioError, formatShape } from './errors.js';
export { setMaxTensorElements, getMaxTensorElements, MAX_TENSOR_ELEMENTS_CEILING } from './limits.js';
export type { Pair, Padding, Pad4, Conv2dInfo } from './shape.js';
export { computeConv2dInfo, computeConvTranspose2dInfo } from './conv-info.js';
export type { Conv2dGeometry, ConvTranspose2dGeometry } from './conv-info.js';
export { computePool2dInfo } from './pool-info.js';
export type { Pool2dInfo, Pool2dOptions } from './pool-info.js';

export type {
  Backend, ActivationKind, NormalizeScope, SgdStepOptions, AdamStepOptions, ClassLossOptions, LossReduction, LocalResponseNormParams, ChannelNormalizeGradients,
} from './backend.js';
export { batched, getBackend, setBackend, withBackend } from './backend-registry.js';
export { cpuBackend, createCpuBackend } from './cpu/index.js';
export type { CpuBackendOptions, CpuKernels } from './cpu/index.js';
export { wasmKernelsReady } from './wasm/load.js';
export { cpuThreads, startCpuThreads, stopCpuThreads } from './wasm/thread-pool.js';
export type { CpuThreadStatus } from './wasm/thread-pool.js';
export type { ConvStrategy } from './cpu/conv2d.js';
// Backend internals (the change counter, device storage, the reference GEMM) are in @convstudio/core/backend.

export { conv2d, conv2dBackward, conv2dParameterGradients } from './ops/conv2d.js';
export type { Conv2dOptions, Conv2dGradients } from './ops/conv2d.js';
export { convTranspose2d, convTranspose2dBackward } from './ops/conv-transpose2d.js';
export type { ConvTranspose2dOptions } from './ops/conv-transpose2d.js';
export { upConvolution, upConvolutionBackward, zeroInsert } from './ops/up-convolution.js';
export type { UpConvolutionOptions } from './ops/up-convolution.js';
export {
  maxPool2d, maxPool2dBackward, avgPool2d, avgPool2dBackward, globalAvgPool2d, globalAvgPool2dBackward,
} from './ops/pool.js';
export {
  relu, reluBackward, leakyRelu, leakyReluBackward, sigmoid, sigmoidBackward, tanh, tanhBackward,
} from './ops/activations.js';
export type { LeakyReluOptions } from './ops/activations.js';
export { linear, linearBackward } from './ops/linear.js';
export type { LinearGradients } from './ops/linear.js';
export { softmax, softmaxBackward, logSoftmax, logSoftmaxBackward } from './ops/softmax.js';
export type { SoftmaxOptions } from './ops/softmax.js';
export { crossEntropy, crossEntropyBackward, nllLoss, nllLossBackward } from './ops/cross-entropy.js';
export type { Targets, ClassLossArguments } from './ops/cross-entropy.js';
export { batchNorm2d, batchNorm2dBackward } from './ops/batch-norm.js';
export type { BatchNormOptions, BatchNormResult, BatchNormGradients } from './ops/batch-norm.js';
export { dropout, dropoutBackward } from './ops/dropout.js';
export type { DropoutOptions } from './ops/dropout.js';
export { dropoutKeeps, dropoutHash, dropoutThreshold, dropoutScale } from './cpu/dropout.js';
export { localResponseNorm, localResponseNormBackward } from './ops/local-response-norm.js';
export type { LocalResponseNormOptions } from './ops/local-response-norm.js';
export { normalize, normalizeBackward, NORMALIZE_RANGE_LIMIT } from './ops/normalize.js';
export type { NormalizeOptions } from './ops/normalize.js';
export { add, concat, concatBackward, flatten } from './ops/combine.js';
export type { ConcatOptions } from './ops/combine.js';

export { syntheticSix, syntheticNine } from './data/synthetic-digits.js';
export { diagonalEdgeKernel, rotatedDiagonalEdgeKernel } from './data/diagonal-kernels.js';
export { runWorkedExample } from './analysis/worked-example.js';
export type { WorkedExample, WorkedExampleBranch } from './analysis/worked-example.js';
export { conv2dUnit, convTranspose2dUnit, upConvolutionUnit, linearUnit } from './analysis/unit-arithmetic.js';
export type { UpConvolutionUnitOptions } from './analysis/unit-arithmetic.js';
export { maxPoolUnit, avgPoolUnit, globalAvgPoolUnit } from './analysis/unit-pooling.js';
export type { UnitArithmetic, UnitPosition, UnitTerm, WeightedSumUnit, MaxUnit, AverageUnit } from './analysis/unit-terms.js';
export { unitOfNode, isExplainable, explainableKinds } from './analysis/unit-of-node.js';
export type { ExplainableKind, UnitSources } from './analysis/unit-of-node.js';
export { upsamplingSteps, upsamplingWindow, gridSourceOf } from './analysis/upsampling-steps.js';
export type { UpsamplingLayer, UpsamplingSteps, UpsamplingWindow, WindowTerm, GridSource, TransposedForm } from './analysis/upsampling-steps.js';

// Pipelines: documents, checking, running, training.
export type { Pipeline, PipelineNode, PipelineEdge, PipelineIssue, WeightSource, NodeValues, NodeOf, LayerNode } from './nn/pipeline-types.js';
export { PIPELINE_VERSION } from './nn/pipeline-types.js';
export { layerParamSchemas, nodeKinds, parameterizedKinds, inputArity, defaultParamsOf } from './nn/layer-params.js';
export type { NodeKind, LayerKind, ParamsOf, ParameterizedKind } from './nn/layer-params.js';
export { parsePipeline, PIPELINE_LIMITS } from './nn/parse-pipeline.js';
export type { ParseResult } from './nn/parse-pipeline.js';
export { PipelineError, issue as pipelineIssue } from './nn/pipeline-issues.js';
export { inputsOf, topologicalOrder } from './nn/graph.js';
export { inferShapes, inferShapesOrThrow } from './nn/shape-inference.js';
export type { InferredNode, ShapeReport } from './nn/shape-inference.js';
export { layers, evalContext } from './nn/layer-definitions.js';
export type { LayerDefinition } from './nn/layer-definitions.js';
export { layerRegistry, layerKinds, layerSpec, nodeSpec, nodeSpecs, layerGroups } from './nn/layers/index.js';
export type {
  LayerParameters, LayerShapes, LayerGradients, LayerSpec, NodeSpec, AnyLayerSpec, AnyNodeSpec, LayerRegistry, ForwardContext, ForwardMode, LayerIo, LayerCost,
  LayerField, FieldMeta, FieldType, EditorMeta, LayerGroup, LearnableSpec, BufferSpec, OnnxMapping, OnnxNodeLike, PyTorchMapping,
} from './nn/layers/index.js';
export { initParameters, countParameters, nodeSeed, parametersToBackend, parametersToCpu } from './nn/parameters.js';
export type { ParameterStore, InitParametersOptions } from './nn/parameters.js';
export { Model, createModel, run, pipelineHash } from './nn/model.js';
export { classifierHeadOf, outputNodeOf, resolveGradientTarget, gradientSeed, gradientTargetValue, parseGradientTarget, MAX_CLASSES } from './nn/gradient-target.js';
export type { ClassifierHead, GradientTarget, ResolvedTarget } from './nn/gradient-target.js';
export type { Activations, PipelineGradients, ModelOptions } from './nn/model.js';
export { initBuffers } from './nn/buffers.js';
export { compilePipeline, cachedShapes } from './nn/compile-pipeline.js';
export type { CompiledPipeline } from './nn/compile-pipeline.js';
export type { BufferStore } from './nn/buffers.js';
export { CancelledError } from './nn/cancel.js';
export type { CancelSignal } from './nn/cancel.js';
export { createOptimizer } from './nn/optimizers.js';
export type { Optimizer, OptimizerConfig, OptimizerState, SgdConfig, AdamConfig } from './nn/optimizers.js';
export { train, evaluate, splitData, logitsNodeOf } from './nn/train.js';
export type { LabelledData, TrainOptions, TrainingProgress, TrainingResult, EpochMetrics, TrainCheckpoint } from './nn/train.js';
export { saveWeights, loadWeights, WEIGHTS_VERSION } from './nn/weights-file.js';
export type { WeightsFile } from './nn/weights-file.js';
export { encodeWeightsSidecar, decodeWeightsSidecar, WEIGHTS_SIDECAR_VERSION, WEIGHTS_SIDECAR_MAGIC } from './project/weights-sidecar.js';
export type { NamedTensors, DecodedWeights } from './project/weights-sidecar.js';
export { migrateJsonWeightsV1, migrateStudioBinaryV1 } from './project/legacy-weights.js';
export {
  readProject, readProjectDocument, writeProject,
} from './project/project-file.js';
export type { ReadProjectOptions, ReadProjectResult, WriteProjectOptions, WrittenProject, MigratedFrom } from './project/project-file.js';
export type { ReadBeside } from './project/checked-pipeline.js';
export {
  PROJECT_FORMAT, PROJECT_VERSION, MAX_PROJECT_BYTES, MAX_SIDECAR_BYTES, INLINE_WEIGHTS_LIMIT, MAX_EMBEDDED_IMAGE_BYTES, embeddedImageSchema,
} from './project/project-schema.js';
export type { Project, EmbeddedImage, ProjectFileJson } from './project/project-schema.js';
export { ProjectFileError } from './project/project-error.js';
export { readWeightsFile } from './project/read-weights-file.js';
export { weightsOfModel, storesFromWeights, modelWithWeights } from './project/model-weights.js';
export type { ProjectWeights } from './project/model-weights.js';
export { takeNodeValues, putNodeValues, plainNodeValues, type PutNodeValuesOptions } from './project/node-values.js';
export { isNodeValues, float32Copy } from './nn/float32-values.js';
export { sidecarName, isSidecarOf } from './project/sidecar-name.js';
export { webCryptoSha256 } from './project/digest.js';
export type { Sha256 } from './project/digest.js';
export { modelFromNamedTensors, namedTensorsOf } from './project/named-tensors.js';
export { kernelPreset, kernelPresetNames } from './data/kernel-presets.js';
export type { KernelPreset, KernelPresetName } from './data/kernel-presets.js';

// Analysis: saturation indicators.
export { singularValues, weightMatrix } from './analysis/svd.js';
export type { SingularValuesOptions } from './analysis/svd.js';
export { spectrumReport } from './analysis/saturation-spectrum.js';
export type { SpectrumOptions, SpectrumReport, SpectrumBand } from './analysis/saturation-spectrum.js';
export { deadUnitFraction } from './analysis/dead-units.js';
export type { DeadUnitOptions, DeadUnitReport } from './analysis/dead-units.js';
export { detectPlateau } from './analysis/plateau.js';
export type { PlateauOptions, PlateauReport } from './analysis/plateau.js';
export { filterRedundancy } from './analysis/redundancy.js';
export type { RedundancyOptions, RedundancyReport, RedundantPair } from './analysis/redundancy.js';
export { diagnose, formatDiagnosis } from './analysis/diagnose.js';
export type { Diagnosis, DiagnoseOptions, DeadUnitFinding, SpectrumFinding } from './analysis/diagnose.js';

// Data: images, MNIST, the document's digits.
export { decodeImage, DEFAULT_MAX_IMAGE_PIXELS } from './data/decode-image.js';
export type { DecodedImage, DecodeImageOptions } from './data/decode-image.js';
export { imageToTensor, centredCrop } from './data/image-to-tensor.js';
export type { RgbaImage, ImageToTensorOptions, ImageFit } from './data/image-to-tensor.js';
export { tensorToImage, encodePng } from './data/image-from-tensor.js';
export type { TensorToImageOptions } from './data/image-from-tensor.js';
export { resizePlanes } from './data/image-resize.js';
export { datasetFit, imageInputGeometry } from './data/dataset-fit.js';
export type { DatasetFit, DatasetFitOptions, DatasetFitPlan, DatasetGeometry } from './data/dataset-fit.js';
export { applyDatasetFit } from './data/dataset-fit-apply.js';
export { photoPatches, photoPatchClasses } from './data/photo-patches.js';
export type { PhotoPatchOptions } from './data/photo-patches.js';
export { loadSweepDataset } from './lab/sweep-datasets.js';
export type { LoadedSweepDataset } from './lab/sweep-datasets.js';
export { mnistSegmentation, imageLabelsFromMasks, segmentationClasses, DEFAULT_INK_THRESHOLD } from './data/mnist-segmentation.js';
export { loadMnist } from './data/mnist.js';
export type { LoadMnistOptions, MnistSplit } from './data/mnist.js';
export { syntheticSixNine, batches } from './data/datasets.js';
export type { Dataset, Batch, BatchOptions } from './data/datasets.js';

// Templates and the document's cost and receptive-field analyses.
export { templates, alexNet, leNet5, tinyVgg, workedExamplePipeline, smallFcn, mnistCnn, cnnVsFcn, chain, node, pipelineOf } from './nn/templates/index.js';
export type { PipelineTemplate, PipelineMeta, PipelinePart } from './nn/templates/index.js';
export { costTable } from './analysis/cost.js';
export type { CostRow, CostTable, CostResult } from './analysis/cost.js';
export { formatCostTable } from './analysis/format-cost-table.js';
export { formatCount } from './analysis/format-count.js';
export { documentEstimate } from './analysis/conv-cost-estimate.js';
export type { DocumentEstimate } from './analysis/conv-cost-estimate.js';
export { receptiveFields, inputRegion } from './analysis/receptive-field.js';
export type { AxisField, NodeField, ReceptiveFieldReport, ReceptiveFieldResult, Region } from './analysis/receptive-field.js';
export { exportPyTorch } from './pytorch/export-pytorch.js';
export type { PyTorchFiles } from './pytorch/export-pytorch.js';

// The saturation lab: sweeps over the document's axes, their runs, evidence and conclusions.
export { parseSweepSpec, sweepSpecSchema, sweepAxisSchema, sweepDatasets, estimateVariantCount, MAX_SWEEP_RUNS } from './lab/sweep-spec.js';
export type { SweepSpec, SweepSpecInput, SweepSpecResult, SweepAxis, SweepDataset } from './lab/sweep-spec.js';
export { applyAxis, axisName, settingLabel, structureOf } from './lab/axes.js';
export { generateVariants } from './lab/variants.js';
export type { Variant, ValidVariant, InvalidVariant, VariantSettings } from './lab/variants.js';
export { summarizeRuns, spreadOf, plateauEpoch } from './lab/aggregate.js';
export type { RunOutcome, Spread, VariantSummary } from './lab/aggregate.js';
export { paretoFront } from './lab/pareto.js';
export type { CostPoint } from './lab/pareto.js';
export { axisPoints, saturationPoint, noiseBand, tQuantile975, MIN_EFFECT } from './lab/axis-evidence.js';
export type { AxisPoint, SaturationPoint } from './lab/axis-evidence.js';
export { concludeDenseLayers, concludeKernelSize, concludeDeeperOrWider, concludeStride } from './lab/conclusions.js';
export { concludeCnnVsFcn } from './lab/conclude-dense.js';
export { htmlReport } from './lab/report/html-report.js';
export type { ReportInput, ReportRun } from './lab/report/html-report.js';
export { filterPicture, divergingColour, type ReportKernels } from './lab/report/filter-picture.js';
export { DIVERGING_STOPS } from './diverging-stops.js';
export { bmpDataUrl } from './lab/report/bmp.js';
export { linePlot, scatterPlot, niceTicks, logTicks, palette as plotPalette } from './lab/report/svg-plot.js';
export { clusterFilters } from './analysis/filter-clusters.js';
export { filterClusterSummary } from './analysis/filter-cluster-summary.js';
export type { FilterCluster, FilterClusterReport, FilterClusterOptions } from './analysis/filter-clusters.js';
export { denseScores, predictClassMaps } from './lab/dense-scores.js';
export type { DenseScores } from './lab/dense-scores.js';
export { runDataPlan, applyRunDataPlan, applyRunDataPlanAll, hasPixelLabels } from './lab/fit-run-data.js';
export type { RunDataInfo, RunDataPlan } from './lab/fit-run-data.js';
export type { Conclusion, ExperimentEvidence } from './lab/conclusions.js';
export { experiments, experimentById } from './lab/experiments.js';
export type { Experiment, ExperimentBudget } from './lab/experiments.js';
export { indicatorSnapshot, LARGE_ACTIVATION_FACTOR, MAX_STORED_SINGULAR_VALUES } from './lab/indicators.js';
export type { IndicatorSnapshot, ActivationIndicator, LayerIndicator } from './lab/indicators.js';
export { runVariant, modelTensors, parametersFromWeights } from './lab/run-variant.js';
export type { RunJob, RunData, RunCallbacks, RunResult, RunTestScore, EpochRecord, RunCheckpoint, RunResume } from './lab/run-variant.js';
export { runJobsOf, sweepKey } from './lab/run-jobs.js';
