import { mountDevice } from "../../components/device/mount";
import { EvaluatorPad, evaluatorEn, evaluatorZh } from "./EvaluatorPad";

// Rating pad facing the applicant at a window: says what it is for until the ratings module gives it its screen.
mountDevice(
  { app: "evaluator", kinds: ["evaluator"], layout: "portrait", windowBound: true, children: (self) => <EvaluatorPad self={self} /> },
  { zh: evaluatorZh, en: evaluatorEn },
);
