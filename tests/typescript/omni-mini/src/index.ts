/** Typed SDK for the CDF data model sp_pygen_models:Omni/1. */

export { OmniMiniClient } from "./_client.js";
export * from "./_runtime/index.js";
export * from "./views/connectionEdgeA.js";
export * from "./views/connectionItemA.js";
export * from "./views/connectionItemB.js";
export * from "./views/connectionItemC.js";
export * from "./views/connectionItemD.js";
export * from "./views/connectionItemE.js";
export * from "./views/connectionItemF.js";
export * from "./views/connectionItemG.js";
export * from "./views/implementation1.js";
export * from "./views/mainInterface.js";
export * from "./views/primitiveNullable.js";
export * from "./views/primitiveNullableListed.js";
export * from "./views/primitiveRequired.js";
export * from "./views/subInterface.js";
