import { mountDevice } from "../../components/device/mount";

// Rating pad facing the applicant at a window. The five-level rating arrives with the feedback module.
mountDevice({ app: "evaluator", kinds: ["evaluator"], layout: "portrait", windowBound: true });
