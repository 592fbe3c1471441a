import { handle } from "@/lib/api/endpoint";
import { deleteResourceEndpoint, getResourceEndpoint } from "@/lib/api/v1/resources";

export const GET = handle(getResourceEndpoint);
export const DELETE = handle(deleteResourceEndpoint);
