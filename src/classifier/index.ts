/**
 * The triage classifier (研判): a model learned from a city's own classified demands that says
 * which category (and department, where the history names them) a new demand belongs to, with a
 * calibrated confidence and the words that weighed most.
 */
export { DEFAULT_FEATURES, extractFeatures, type FeatureOptions } from './features';
export { TriageClassifier, type Classification, type Guess } from './classifier';
export { trainModel, DEFAULT_TRAINING, type TrainOptions } from './train';
export { ModelManifest, HeadManifest, TrainingExample, MODEL_FORMAT } from './model';
export { parseModel, readModelFile, writeModelFile, describeModel, modelDetail, MODEL_FILE } from './files';
export { trainOffThread, TrainingBusyError } from './train-off-thread';
export { macroF1 } from './metrics';
export { ClassificationSchema, GuessSchema, HeadDetailSchema, ModelDetailSchema, type HeadDetail, type ModelDetail } from './types';
