import { handle } from "@/lib/api/endpoint";
import { deleteJobSnapshot } from "@/lib/api/v1/lifecycle";

export const DELETE = handle(deleteJobSnapshot);
