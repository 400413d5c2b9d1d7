import type { CustomResourceDefinition, JSONSchemaProps } from '../../api/types/apiextensions/crd';

/** One additionalPrinterColumn of a served version. */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

export interface ScaleInfo {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** What the registry knows of a custom resource's version, from its CustomResourceDefinition. */
export interface CustomResourceInfo {
  /** `<plural>.<group>`, the definition this version comes from. */
  crdName: string;
  /** The definition's resourceVersion: caches of compiled schemas and documents key on it. */
  crdVersion: string;
  listKind: string;
  storageVersion: string;
  schema: JSONSchemaProps;
  status: boolean;
  scale?: ScaleInfo;
  printerColumns: PrinterColumn[];
  /** Extra field selector paths (`.spec.color`), from selectableFields. */
  selectableFields: string[];
  /** Set while the definition is being deleted: creates are refused, as upstream's. */
  terminating: boolean;
  deprecationWarning?: string;
}

export type Crd = CustomResourceDefinition;
