/** Settings of the generated SDK. */

/** Space of nodes given by bare external id, and of new nodes that name none. */
export const DEFAULT_INSTANCE_SPACE: string | null = "sp_omni_instances";
