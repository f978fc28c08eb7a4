package io.jinference.server.workflow;

import io.jinference.server.inference.ObjectDetector;
import io.jinference.server.model.ModelManager;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import java.util.List;

/** The model blocks, one bean per version (versions that differ only in defaults share a class). */
@Factory
final class CoreBlocks {
  @Bean
  @Named("object-detection-v1")
  Block objectDetectionV1(ModelManager models, ObjectDetector detector) {
    return new ObjectDetectionModelBlock("v1", List.of("RoboflowObjectDetectionModel", "ObjectDetectionModel"), models,
        detector);
  }

  @Bean
  @Named("object-detection-v2")
  Block objectDetectionV2(ModelManager models, ObjectDetector detector) {
    return new ObjectDetectionModelBlock("v2", List.of(), models, detector);
  }
}
